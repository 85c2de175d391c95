namespace Fathom.Cli.Infrastructure;

/// <summary>
/// The exit codes of every <c>fathom</c> command, documented in the README so scripts can act on them.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Done = 0;

    /// <summary>The run or command failed; the message on stderr says why.</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong (an unknown option, a bad value, an unwritable file).</summary>
    public const int Usage = 2;

    /// <summary>The research needs an answer to its clarifying questions, or found nothing relevant to the question.</summary>
    public const int NeedsAnswerOrNothingFound = 3;

    /// <summary>
    /// The research had no source it could use: every search failed, every page found was refused or
    /// unreadable, or nothing was found at all (an empty index). The report and stderr say which.
    /// </summary>
    public const int NoUsableSource = 4;

    /// <summary>The user pressed Ctrl-C; what the run had is kept.</summary>
    public const int Cancelled = 130;
}
