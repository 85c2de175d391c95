using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Tests.Support;

/// <summary>A logger provider that keeps every entry, for tests of what the server logs.</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            recorder.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}

internal sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
