using Fathom.Cli.Infrastructure;
using Fathom.Models.Gguf;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary><c>fathom models list</c>: the small GGUF models <c>fathom models pull</c> can fetch.</summary>
public sealed class ModelsListCommand(CliConsole console) : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        foreach (var model in GgufCatalog.Models)
        {
            console.WriteRaw($"{model.Name}\t{model.Description}");
        }

        return ExitCodes.Done;
    }
}
