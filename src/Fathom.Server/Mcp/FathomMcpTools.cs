using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fathom.Events;
using Fathom.Research;
using Fathom.Server.Progress;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Fathom.Server.Mcp;

/// <summary>
/// Fathom's MCP tools: <c>deep_research</c> runs the engine and reports its progress as notifications;
/// <c>search</c> and <c>fetch</c> expose the local index in the hosted convention (results with
/// <c>id</c>, <c>title</c>, <c>url</c>, <c>text</c>), so another agent, or another Fathom, can use the corpus.
/// </summary>
[McpServerToolType]
public sealed class FathomMcpTools(McpCorpusSource source)
{
    private const int MaxSearchResults = 30;

    /// <summary>Researches a question and returns the cited report.</summary>
    [McpServerTool(Name = "deep_research", Title = "Deep research", ReadOnly = true, OpenWorld = true)]
    [Description("Researches a question over Fathom's sources in several rounds of search and reading, and returns a Markdown report in which every claim is cited [[n]], followed by its references. It may first ask clarifying questions: call again with the answer.")]
    public async Task<CallToolResult> DeepResearch(
        [Description("The research question.")] string question,
        [Description("Answers to the clarifying questions an earlier call asked; research then starts at once.")] string? answer = null,
        [Description("Research rounds, 1 to 15 (default: the server's).")] int? rounds = null,
        [Description("True for a summary report (about 1,500 words) instead of a detailed one.")] bool? summary = null,
        IProgress<ProgressNotificationValue>? progress = null,
        RequestContext<CallToolRequestParams>? context = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return Error("question must not be empty.");
        }

        if (rounds is < 1 or > ResearchLimits.RoundsCeiling)
        {
            return Error($"rounds must be between 1 and {ResearchLimits.RoundsCeiling} (got {rounds}).");
        }

        var (corpus, problem) = await OpenAsync(cancellationToken);
        if (corpus is null)
        {
            return Error(problem);
        }

        var request = new ResearchRequest
        {
            Question = question,
            ClarificationAnswer = string.IsNullOrWhiteSpace(answer) ? null : answer,
            AllowClarification = string.IsNullOrWhiteSpace(answer),
            Style = summary == true ? ReportStyle.Summary : ReportStyle.Detailed,
            Limits = rounds is { } r ? corpus.Limits with { MaxRounds = r } : corpus.Limits,
        };

        var events = new List<ResearchEvent>();
        var step = 0;
        await foreach (var e in corpus.Runner.RunAsync(request, context?.JsonRpcRequest.Context?.User, cancellationToken))
        {
            events.Add(e);
            if (ProgressText.Describe(e) is { } line)
            {
                progress?.Report(new ProgressNotificationValue { Progress = ++step, Message = line });
            }
        }

        return ReportResult(ResearchResult.Fold(events));
    }

    /// <summary>Searches the local index.</summary>
    [McpServerTool(Name = "search", Title = "Search the corpus", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Searches Fathom's local document index. Returns {\"results\": [{id, title, url, text}]}, best first, at most 30; pass an id to fetch for the whole document.")]
    public async Task<CallToolResult> Search([Description("What to search for.")] string query, CancellationToken cancellationToken = default)
    {
        var (corpus, problem) = await OpenAsync(cancellationToken);
        if (corpus is null)
        {
            return Error(problem);
        }

        if (corpus.Index is not { } index)
        {
            return Error("This Fathom has no local corpus; start it with --corpus DIR.");
        }

        var results = new JsonArray();
        foreach (var hit in index.Search(query ?? "", MaxSearchResults))
        {
            results.Add(new JsonObject { ["id"] = hit.Url, ["title"] = hit.Title, ["url"] = WebUrl(hit.Url), ["text"] = hit.Snippet });
        }

        return Json(new JsonObject { ["results"] = results });
    }

    /// <summary>Reads one document of the local index.</summary>
    [McpServerTool(Name = "fetch", Title = "Fetch a document", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Returns one document of the local index by the id search gave: {id, title, text, url}.")]
    public async Task<CallToolResult> Fetch([Description("The document's id, as search returned it.")] string id, CancellationToken cancellationToken = default)
    {
        var (corpus, problem) = await OpenAsync(cancellationToken);
        if (corpus is null)
        {
            return Error(problem);
        }

        if (corpus.Index is not { } index)
        {
            return Error("This Fathom has no local corpus; start it with --corpus DIR.");
        }

        if (index.Find(id ?? "") is not { } document)
        {
            return Error($"No document has the id '{id}'; ids come from the search tool.");
        }

        return Json(new JsonObject { ["id"] = document.Url, ["title"] = document.Title, ["text"] = document.Text, ["url"] = WebUrl(document.Url) });
    }

    /// <summary>The corpus, waiting while it is indexed; or, when it could not be opened, why.</summary>
    private async Task<(McpCorpus? Corpus, string Problem)> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await source.GetAsync(cancellationToken), "");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, $"This Fathom could not open its sources: {ex.Message}");
        }
    }

    private static CallToolResult ReportResult(ResearchResult result)
    {
        if (result.Status == RunStatus.NeedsClarification)
        {
            var questions = string.Join("\n", result.ClarifyingQuestions.Select((q, i) => $"{i + 1}. {q}"));
            var text = $"Before researching, Fathom asks:\n\n{questions}\n\nCall deep_research again with the same question and your answers in \"answer\".";
            return new CallToolResult
            {
                Content = [new TextContentBlock { Text = text }],
                StructuredContent = Element(new JsonObject { ["status"] = "needs_clarification", ["questions"] = new JsonArray([.. result.ClarifyingQuestions.Select(q => (JsonNode)q)]) }),
            };
        }

        if (result.Status != RunStatus.Completed)
        {
            return Error($"The research did not complete ({result.Status}): {result.Error}");
        }

        var body = new StringBuilder(result.Report.TrimEnd());
        if (result.References.Count > 0 && !result.Report.Contains("## References", StringComparison.Ordinal))
        {
            body.Append("\n\n## References\n\n");
            foreach (var reference in result.References)
            {
                body.Append($"[{reference.Index}] {reference.Title} — {reference.Url}\n");
            }
        }

        var references = new JsonArray([.. result.References.Select(r => (JsonNode)new JsonObject
        {
            ["index"] = r.Index,
            ["url"] = r.Url,
            ["title"] = r.Title,
            ["quotes"] = new JsonArray([.. r.Quotes.Select(q => (JsonNode)q)]),
        })]);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = body.ToString() }],
            StructuredContent = Element(new JsonObject { ["status"] = "completed", ["report"] = result.Report, ["references"] = references }),
        };
    }

    private static CallToolResult Json(JsonObject value)
    {
        var text = value.ToJsonString();
        return new CallToolResult { Content = [new TextContentBlock { Text = text }], StructuredContent = Element(value) };
    }

    private static CallToolResult Error(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };

    private static JsonElement Element(JsonObject value) => JsonSerializer.SerializeToElement(value, McpJsonUtilities.DefaultOptions);

    /// <summary>Only web addresses are given out as urls; a local file's path stays the server's business.</summary>
    private static string? WebUrl(string url) => url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal) ? url : null;
}
