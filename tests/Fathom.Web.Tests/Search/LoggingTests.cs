using System.Text;
using Fathom.Search;
using Fathom.Search.Web;
using Fathom.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fathom.Web.Tests.Search;

public sealed class LoggingTests
{
    private const string Key = "BSA-secret-logging-77";

    [Fact]
    public async Task Logging_FailedSearch_LogsReasonButNeitherKeyNorQueryAboveTrace()
    {
        await using var server = await LoopbackServer.StartAsync(async ctx =>
        {
            ctx.Response.StatusCode = 401;
            await ctx.Response.WriteAsync($"bad token {Key}", Encoding.UTF8);
        });
        using var http = new HttpClient();
        var logger = new ListLogger(LogLevel.Debug);
        var provider = new SearchProviderBuilder(new BraveSearchProvider(http, new WebSearchOptions { Endpoint = server.BaseAddress, ApiKey = Key }))
            .Use(p => new LoggingSearchProvider(p, logger))
            .Build();

        await Assert.ThrowsAsync<SearchProviderException>(() => provider.SearchAsync(new SearchQuery("private medical question"), CancellationToken.None));

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("brave failed", entry.Message, StringComparison.Ordinal);
        Assert.Contains("refused the key (HTTP 401)", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("medical", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logging_AtTrace_IncludesTheQuery()
    {
        var logger = new ListLogger(LogLevel.Trace);
        var provider = new LoggingSearchProvider(new ScriptedProvider(_ => [new SearchHit("https://example.org/", "t", "s", 1, "scripted")]), logger);

        await provider.SearchAsync(new SearchQuery("tide tables"), CancellationToken.None);

        Assert.Equal(2, logger.Entries.Count);
        Assert.Equal((LogLevel.Trace, "Searching scripted for \"tide tables\""), logger.Entries[0]);
        Assert.StartsWith("scripted returned 1 hits in", logger.Entries[1].Message, StringComparison.Ordinal);
    }

    private sealed class ListLogger(LogLevel minimum) : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
