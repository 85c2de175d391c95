using Spectre.Console;

namespace Fathom.Cli.Infrastructure;

/// <summary>
/// Where the command line writes: results to <see cref="Out"/> (stdout), progress and questions to
/// <see cref="Progress"/> (stderr), and where it reads answers from.
/// </summary>
public sealed record CliConsole(IAnsiConsole Out, IAnsiConsole Progress, TextReader Input, bool CanAsk)
{
    /// <summary>The process's own console.</summary>
    public static CliConsole FromProcess()
    {
        var progress = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var canAsk = !Console.IsInputRedirected && !Console.IsErrorRedirected;
        return new CliConsole(AnsiConsole.Console, progress, Console.In, canAsk);
    }
}
