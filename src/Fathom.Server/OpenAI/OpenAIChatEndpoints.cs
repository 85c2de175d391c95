using System.Text;
using System.Text.Json;
using Fathom.Events;
using Fathom.Research;
using Fathom.Server.Auth;
using Fathom.Server.Progress;
using Fathom.Server.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fathom.Server.OpenAI;

/// <summary>
/// The OpenAI-compatible endpoint: <c>POST /v1/chat/completions</c> (streaming and not) and
/// <c>GET /v1/models</c>, behind <see cref="ApiKeyDefaults.CallerPolicy"/>. A run is stored like any
/// other; the report is the <c>content</c>, research progress streams as <c>reasoning_content</c>,
/// citations come as <c>url_citation</c> annotations, and clarifying questions are an ordinary assistant reply.
/// </summary>
public static class OpenAIChatEndpoints
{
    /// <summary>A missing or wrong key, in OpenAI's error shape.</summary>
    public static ApiKeyChallenge Challenge { get; } = new(c => OpenAIError.InvalidApiKey().WriteAsync(c));

    /// <summary>Maps the two routes under <c>/v1</c>.</summary>
    public static RouteGroupBuilder MapOpenAIChat(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1")
            .RequireAuthorization(ApiKeyDefaults.CallerPolicy)
            .WithMetadata(Challenge);
        group.MapPost("/chat/completions", CompleteAsync);
        group.MapGet("/models", ModelsAsync);
        return group;
    }

    /// <summary>When the model names were first published (a fixed time, as OpenAI's list gives).</summary>
    private const long Published = 1_767_225_600;

    private static async Task ModelsAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            foreach (var name in OpenAIModels.Names)
            {
                json.WriteStartObject();
                json.WriteString("id", name);
                json.WriteString("object", "model");
                json.WriteNumber("created", Published);
                json.WriteString("owned_by", "fathom");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static async Task CompleteAsync(HttpContext context, RunCoordinator runs, RunFollower follower, FathomServerOptions options, ResearchEngine engine, TimeProvider time)
    {
        var owner = context.RequiredCaller();
        ChatCompletionRequest request;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var (parsed, error) = ChatCompletionRequest.Parse(body.RootElement, options.Limits);
            if (error is not null)
            {
                await error.WriteAsync(context);
                return;
            }

            request = parsed!;
        }
        catch (JsonException ex)
        {
            await OpenAIError.Invalid($"The request body is not valid JSON: {ex.Message}").WriteAsync(context);
            return;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The limit that held is Kestrel's for this route (the generation endpoint alone raises it to MaxRequestBytes).
            var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? options.MaxRequestBytes;
            await OpenAIError.Invalid($"The request body is larger than {limit} bytes.").WriteAsync(context);
            return;
        }

        if (!engine.HasSearchProviders && engine.Tools.Defaults.Count == 0)
        {
            await OpenAIError.Invalid("This server has no corpus, web search or MCP server to research with; start it with --corpus, --web or --mcp.").WriteAsync(context);
            return;
        }

        var runId = ResearchEngine.NewRunId();
        if (!await runs.Quota.TryAcquireAsync(owner, runId))
        {
            await OpenAIError.RateLimited(runs.Quota.Limit).WriteAsync(context);
            return;
        }

        try
        {
            await runs.StartAsync(runId, request.Research, request.Model, owner, $"{{\"endpoint\":\"openai\",\"model\":\"{request.Model}\"}}");
        }
        catch
        {
            await runs.Quota.ReleaseAsync(owner, runId);
            throw;
        }

        var id = "chatcmpl-" + runId.Replace("-", "", StringComparison.Ordinal);
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        if (request.Stream)
        {
            await follower.StreamAsync(context, runId, 0, new OpenAIStreamEncoder(id, created, request.Model, request.IncludeUsage, runId));
        }
        else
        {
            await AnswerAsync(context, runs, request, id, created, runId);
        }
    }

    private static async Task AnswerAsync(HttpContext context, RunCoordinator runs, ChatCompletionRequest request, string id, long created, string runId)
    {
        var reasoning = new StringBuilder();
        var events = new List<ResearchEvent>();
        await foreach (var e in runs.Follow(runId, 0, context.RequestAborted))
        {
            events.Add(e);
            if (e is not (ReportWritten or ClarificationRequested) && ProgressText.Describe(e) is { } line)
            {
                reasoning.Append(line).Append('\n');
            }
        }

        var result = ResearchResult.Fold(events);
        var content = result.Status switch
        {
            RunStatus.Completed => result.Report,
            RunStatus.NeedsClarification => events.OfType<ClarificationRequested>().LastOrDefault()?.Text,
            _ => null,
        };
        context.Response.Headers["x-request-id"] = runId;
        if (content is null)
        {
            await OpenAIError.Server($"The research did not complete ({result.Status}): {result.Error ?? "the run stopped"}; GET /api/v1/research/{runId} shows it.").WriteAsync(context);
            return;
        }

        context.Response.ContentType = "application/json";
        ChatCompletionWriter.WriteCompletion(context.Response.BodyWriter, id, created, request.Model, content, reasoning.ToString(), result.References, result.Usage);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
