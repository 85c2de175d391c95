using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fathom.Cli.Infrastructure;

/// <summary>
/// Logging for the commands that research: off unless <c>FATHOM_LOG_LEVEL</c> names a level, since
/// the progress lines already say what a run does; with it, the engine's searches, model calls and
/// retries are logged on stderr (queries, prompts and page text at Trace only).
/// </summary>
public static class CliLogging
{
    /// <summary>The variable naming the least severe level logged (Trace, Debug, Information, Warning, Error).</summary>
    public const string LevelVariable = "FATHOM_LOG_LEVEL";

    /// <summary>The factory the variable asks for; a factory that logs nothing when it is unset.</summary>
    /// <exception cref="ArgumentException">The variable names no level.</exception>
    public static ILoggerFactory FromEnvironment(Func<string, string?> environment)
    {
        if (environment(LevelVariable) is not { Length: > 0 } value)
        {
            return NullLoggerFactory.Instance;
        }

        if (!Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) || level == LogLevel.None)
        {
            throw new ArgumentException($"{LevelVariable}='{value}' is not a log level; use Trace, Debug, Information, Warning or Error.");
        }

        return LoggerFactory.Create(l => ServerLogging.Configure(l, level));
    }
}
