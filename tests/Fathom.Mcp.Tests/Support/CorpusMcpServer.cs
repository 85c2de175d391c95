using System.ComponentModel;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Fathom.Mcp.Tests.Support;

/// <summary>
/// An MCP server built with the C# SDK over the shared research corpus, on a free loopback port:
/// <c>search</c> (term overlap, best first) and <c>fetch</c> in the hosted convention, answered as
/// JSON text content; and three tools that are neither, for models that call tools: <c>lookup</c>
/// (a field note as plain text), <c>admin_reset</c> (never to be called) and <c>broken</c> (always
/// fails). It may demand a bearer token, and counts the calls it served.
/// </summary>
internal sealed class CorpusMcpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private CorpusMcpServer(WebApplication app, Calls calls)
    {
        _app = app;
        CallLog = calls;
        Url = new Uri(app.Urls.First() + "/mcp");
    }

    public Uri Url { get; }

    public Calls CallLog { get; }

    /// <param name="requiredToken">The bearer token it demands, if any.</param>
    /// <param name="fetchDelay">How long each fetch takes: a slow server.</param>
    public static async Task<CorpusMcpServer> StartAsync(string? requiredToken = null, TimeSpan? fetchDelay = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var calls = new Calls { FetchDelay = fetchDelay ?? TimeSpan.Zero };
        builder.Services.AddSingleton(calls);
        builder.Services.AddMcpServer().WithHttpTransport().WithTools<CorpusTools>();
        var app = builder.Build();
        if (requiredToken is not null)
        {
            app.Use(async (context, next) =>
            {
                calls.Authorization.Add(context.Request.Headers.Authorization.ToString());
                if (context.Request.Headers.Authorization != "Bearer " + requiredToken)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                await next(context);
            });
        }

        app.MapMcp("/mcp");
        await app.StartAsync();
        return new CorpusMcpServer(app, calls);
    }

    /// <summary>An address nobody listens on: the address of a server that has stopped.</summary>
    public static async Task<Uri> StoppedUrlAsync()
    {
        var gone = await StartAsync();
        await gone.StopAsync();
        return gone.Url;
    }

    /// <summary>Stops the server as a crash would: later calls find nobody listening.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>What the server was asked.</summary>
    internal sealed class Calls
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Searches { get; } = new();

        public System.Collections.Concurrent.ConcurrentQueue<string> Fetches { get; } = new();

        public System.Collections.Concurrent.ConcurrentBag<string> Authorization { get; } = new();

        /// <summary>Calls of the other tools, as "name(argument)".</summary>
        public System.Collections.Concurrent.ConcurrentQueue<string> ToolCalls { get; } = new();

        public TimeSpan FetchDelay { get; init; }
    }

    [McpServerToolType]
    internal sealed class CorpusTools(Calls calls)
    {
        [McpServerTool(Name = "search"), Description("Searches the documents.")]
        public string Search(string query)
        {
            calls.Searches.Enqueue(query);
            var terms = query.ToLowerInvariant().Split([' ', ',', '.', '?', '!', '"', '\''], StringSplitOptions.RemoveEmptyEntries).Where(t => t.Length > 2).Distinct().ToList();
            var ranked = ResearchDocuments.All
                .Select(d => (Doc: d, Score: terms.Sum(t => Count(d.Title, t) * 3 + Math.Min(Count(d.Text, t), 20))))
                .Where(x => x.Score > 0)
                .OrderByDescending(x => x.Score)
                .ThenBy(x => x.Doc.Id, StringComparer.Ordinal)
                .Take(10);
            var results = new JsonArray();
            foreach (var (doc, _) in ranked)
            {
                results.Add(new JsonObject { ["id"] = doc.Id, ["title"] = doc.Title, ["url"] = doc.Url, ["description"] = doc.Text.Length > 200 ? doc.Text[..200] : doc.Text });
            }

            return new JsonObject { ["results"] = results }.ToJsonString();
        }

        [McpServerTool(Name = "fetch"), Description("Returns one document by id.")]
        public async Task<string> Fetch(string id, CancellationToken cancellationToken)
        {
            calls.Fetches.Enqueue(id);
            if (calls.FetchDelay > TimeSpan.Zero)
            {
                await Task.Delay(calls.FetchDelay, cancellationToken);
            }

            var doc = ResearchDocuments.All.FirstOrDefault(d => d.Id == id) ?? throw new ArgumentException($"No document '{id}'.");
            return new JsonObject { ["id"] = doc.Id, ["title"] = doc.Title, ["text"] = doc.Text, ["url"] = doc.Url }.ToJsonString();
        }

        /// <summary>The sentence <c>lookup</c> answers about <paramref name="topic"/>: a document no search returns.</summary>
        public static string FieldNote(string topic) =>
            $"Field note on {topic}. The 2024 survey of founders found that 42 percent of failed startups ran out of cash before a second funding round.";

        [McpServerTool(Name = "lookup"), Description("Looks a topic up in the field notes.")]
        public string Lookup(string topic)
        {
            calls.ToolCalls.Enqueue($"lookup({topic})");
            return FieldNote(topic);
        }

        [McpServerTool(Name = "admin_reset"), Description("Resets the knowledge base.")]
        public string AdminReset()
        {
            calls.ToolCalls.Enqueue("admin_reset()");
            return "reset";
        }

        [McpServerTool(Name = "broken"), Description("A tool that always fails.")]
        public string Broken(string topic)
        {
            calls.ToolCalls.Enqueue($"broken({topic})");
            throw new InvalidOperationException("the notes database is offline");
        }

        private static int Count(string text, string term)
        {
            var n = 0;
            for (var i = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(term, i + term.Length, StringComparison.OrdinalIgnoreCase))
            {
                n++;
            }

            return n;
        }
    }
}
