using Microsoft.Extensions.Logging;

namespace Fathom.Cli.Infrastructure;

/// <summary>How <c>fathom serve</c> logs: one line a message on stderr, Fathom's own messages from the chosen level, the framework's from Warning.</summary>
public static class ServerLogging
{
    /// <summary>Adds the console logger with the filters.</summary>
    public static ILoggingBuilder Configure(ILoggingBuilder logging, LogLevel level)
    {
        // Standard error, like every other line of progress: stdout stays for results.
        logging.AddSimpleConsole(c => c.SingleLine = true);
        logging.AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        return logging;
    }
}
