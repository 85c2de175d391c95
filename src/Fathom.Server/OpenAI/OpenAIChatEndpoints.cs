using System.Buffers;
using System.Text;
using System.Text.Json;
using Fathom.Events;
using Fathom.Research;
using Fathom.Server.Auth;
using Fathom.Server.Progress;
using Fathom.Server.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fathom.Server.OpenAI;

/// <summary>
/// The OpenAI-compatible endpoint: <c>POST /v1/chat/completions</c> (streaming and not) and
/// <c>GET /v1/models</c>. A run is stored like any other; the report is the <c>content</c>, research
/// progress streams as <c>reasoning_content</c>, citations come as <c>url_citation</c> annotations,
/// and clarifying questions are an ordinary assistant reply.
/// </summary>
public static class OpenAIChatEndpoints
{
    /// <summary>Maps the two routes; both need one of the server's API keys.</summary>
    public static WebApplication MapOpenAIChat(this WebApplication app)
    {
        app.MapPost("/v1/chat/completions", CompleteAsync);
        app.MapGet("/v1/models", ModelsAsync);
        return app;
    }

    private static async Task ModelsAsync(HttpContext context, ApiKeyRing keys, TimeProvider time)
    {
        if (context.Caller(keys) is null)
        {
            await OpenAIError.InvalidApiKey().WriteAsync(context);
            return;
        }

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
                json.WriteNumber("created", Created);
                json.WriteString("owned_by", "fathom");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>When the model names were first published (a fixed time, as OpenAI's list gives).</summary>
    private const long Created = 1_767_225_600;

    private static async Task CompleteAsync(HttpContext context, ApiKeyRing keys, RunCoordinator runs, FathomServerOptions options, ResearchEngine engine, TimeProvider time)
    {
        if (context.Caller(keys) is not { } owner)
        {
            await OpenAIError.InvalidApiKey().WriteAsync(context);
            return;
        }

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
            await OpenAIError.Invalid($"The request body is larger than {options.MaxRequestBytes} bytes.").WriteAsync(context);
            return;
        }

        if (!engine.HasSearchProviders && engine.Tools.Defaults.Count == 0)
        {
            await OpenAIError.Invalid("This server has no corpus, web search or MCP server to research with; start it with --corpus, --web or --mcp.").WriteAsync(context);
            return;
        }

        if (!runs.Quota.TryAcquire(owner))
        {
            await OpenAIError.RateLimited(runs.Quota.Limit).WriteAsync(context);
            return;
        }

        var runId = ResearchEngine.NewRunId();
        try
        {
            runs.Start(runId, request.Research, request.Model, owner, $"{{\"endpoint\":\"openai\",\"model\":\"{request.Model}\"}}");
        }
        catch
        {
            runs.Quota.Release(owner);
            throw;
        }

        var id = "chatcmpl-" + runId.Replace("-", "", StringComparison.Ordinal);
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        context.Response.Headers["x-request-id"] = runId;
        if (request.Stream)
        {
            await StreamAsync(context, runs, options, time, request, id, created, runId);
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
            if (ProgressText.Describe(e) is { } line)
            {
                reasoning.Append(line).Append('\n');
            }
        }

        var result = ResearchResult.Fold(events);
        if (Answer(result, events) is not { } content)
        {
            await OpenAIError.Server($"The research did not complete ({result.Status}): {result.Error ?? "the run stopped"}; GET /api/v1/research/{runId} shows it.").WriteAsync(context);
            return;
        }

        context.Response.ContentType = "application/json";
        ChatCompletionWriter.WriteCompletion(context.Response.BodyWriter, id, created, request.Model, content, reasoning.ToString(), result.References, result.Usage);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static async Task StreamAsync(HttpContext context, RunCoordinator runs, FathomServerOptions options, TimeProvider time, ChatCompletionRequest request, string id, long created, string runId)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var aborted = context.RequestAborted;
        var events = new List<ResearchEvent>();
        try
        {
            await response.StartAsync(aborted);
            Frame(response, w => ChatCompletionWriter.WriteChunk(w, id, created, request.Model, new ChunkDelta(Role: true, Content: "")));
            await response.BodyWriter.FlushAsync(aborted);
            await using var follow = runs.Follow(runId, 0, aborted).GetAsyncEnumerator(aborted);
            var next = follow.MoveNextAsync().AsTask();
            while (true)
            {
                bool moved;
                try
                {
                    moved = await next.WaitAsync(options.KeepAliveInterval, time, aborted);
                }
                catch (TimeoutException)
                {
                    // An SSE comment: OpenAI clients skip it, proxies see the connection is alive.
                    response.BodyWriter.Write(": keep-alive\n\n"u8);
                    await response.BodyWriter.FlushAsync(aborted);
                    continue;
                }

                if (!moved)
                {
                    break;
                }

                var e = follow.Current;
                events.Add(e);
                if (e is not (ReportWritten or ClarificationRequested) && ProgressText.Describe(e) is { } line)
                {
                    Frame(response, w => ChatCompletionWriter.WriteChunk(w, id, created, request.Model, new ChunkDelta(Reasoning: line + "\n")));
                }

                if (e is ReportWritten report)
                {
                    Frame(response, w => ChatCompletionWriter.WriteChunk(w, id, created, request.Model, new ChunkDelta(Content: report.Markdown, References: report.References)));
                }

                if (e is ClarificationRequested asked)
                {
                    Frame(response, w => ChatCompletionWriter.WriteChunk(w, id, created, request.Model, new ChunkDelta(Content: asked.Text)));
                }

                if (e is RunFinished)
                {
                    break;
                }

                next = follow.MoveNextAsync().AsTask();
                if (!next.IsCompleted)
                {
                    await response.BodyWriter.FlushAsync(aborted);
                }
            }

            var result = ResearchResult.Fold(events);
            if (Answer(result, events) is null)
            {
                // Mid-stream errors travel as an error object, as OpenAI's own streams do.
                var error = OpenAIError.Server($"The research did not complete ({result.Status}): {result.Error ?? "the run stopped"}; GET /api/v1/research/{runId} shows it.");
                FrameJson(response, error.WriteTo);
            }
            else
            {
                Frame(response, w => ChatCompletionWriter.WriteChunk(w, id, created, request.Model, new ChunkDelta(Finished: true)));
                if (request.IncludeUsage)
                {
                    Frame(response, w => ChatCompletionWriter.WriteUsageChunk(w, id, created, request.Model, result.Usage));
                }
            }

            response.BodyWriter.Write("data: [DONE]\n\n"u8);
            await response.BodyWriter.FlushAsync(aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the run goes on and stays stored.
        }
    }

    /// <summary>The reply: the report, or the clarifying questions; null when the run did not get that far.</summary>
    private static string? Answer(ResearchResult result, List<ResearchEvent> events) => result.Status switch
    {
        RunStatus.Completed => result.Report,
        RunStatus.NeedsClarification => events.OfType<ClarificationRequested>().LastOrDefault()?.Text,
        _ => null,
    };

    private static void FrameJson(HttpResponse response, Action<Utf8JsonWriter> write) => Frame(response, w =>
    {
        using var json = new Utf8JsonWriter(w);
        write(json);
    });

    private static void Frame(HttpResponse response, Action<IBufferWriter<byte>> write)
    {
        response.BodyWriter.Write("data: "u8);
        write(response.BodyWriter);
        response.BodyWriter.Write("\n\n"u8);
    }
}
