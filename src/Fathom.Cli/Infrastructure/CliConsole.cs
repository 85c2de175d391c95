using Spectre.Console;

namespace Fathom.Cli.Infrastructure;

/// <summary>
/// Where the command line writes: results to <see cref="Out"/> (stdout), progress and questions to
/// <see cref="Progress"/> (stderr), and where it reads answers from.
/// </summary>
public sealed record CliConsole(IAnsiConsole Out, IAnsiConsole Progress, TextReader Input, bool CanAsk)
{
    /// <summary>Writes text to standard output as it is, never wrapped (reports, JSON, questions).</summary>
    public void WriteRaw(string text) => Out.Profile.Out.Writer.WriteLine(text);

    /// <summary>The process's own console.</summary>
    public static CliConsole FromProcess()
    {
        var progress = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            // Plain lines for logs and pipes: one event, one line, never wrapped.
            progress.Profile.Width = 10_000;
        }

        var canAsk = !Console.IsInputRedirected && !Console.IsErrorRedirected;
        return new CliConsole(AnsiConsole.Console, progress, Console.In, canAsk);
    }
}
