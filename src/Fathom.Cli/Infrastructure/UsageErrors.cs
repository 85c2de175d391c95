using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Infrastructure;

/// <summary>
/// Maps what the command-line parser throws to the documented exit codes: a wrong command line
/// (unknown option, bad value, failed validation) is <see cref="ExitCodes.Usage"/>, not the parser's -1,
/// so scripts can tell a typo from a failed run.
/// </summary>
internal static class UsageErrors
{
    public static int Handle(CliConsole console, Exception exception)
    {
        if (exception is CommandAppException usage)
        {
            if (usage.Pretty is { } pretty)
            {
                console.Out.Write(pretty);
            }
            else
            {
                console.Out.MarkupLine($"[red]Error:[/] {Markup.Escape(usage.Message)}");
            }

            return ExitCodes.Usage;
        }

        console.Out.MarkupLine($"[red]Error:[/] {Markup.Escape(exception.Message)}");
        return ExitCodes.Failed;
    }
}
