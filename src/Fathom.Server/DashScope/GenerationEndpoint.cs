using System.Text.Json;
using System.Text.Json.Nodes;
using Fathom.Events;
using Fathom.Research;
using Fathom.Server.Auth;
using Fathom.Server.Runs;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.DashScope;

/// <summary>
/// <c>POST /api/v1/services/aigc/text-generation/generation</c>: checks the caller and the request,
/// starts a stored run whose id is the request id, and streams it as the hosted service does. A
/// client that goes away stops only its stream: the run goes on and can be followed again.
/// </summary>
internal sealed class GenerationEndpoint(RunCoordinator runs, ApiKeyRing keys, ModelCatalog models, FathomServerOptions options, ImageFetcher images, TimeProvider time)
{
    public const string Route = "/api/v1/services/aigc/text-generation/generation";

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = ResearchEngine.NewRunId();
        var asStream = string.Equals(context.Request.Headers["X-DashScope-SSE"], "enable", StringComparison.OrdinalIgnoreCase);
        if (context.Caller(keys) is not { } owner)
        {
            await ErrorResponse.WriteAsync(context, DashScopeError.InvalidApiKey(), requestId, asStream);
            return;
        }

        var (body, bodyError) = await RequestBody.ReadAsync(context.Request, options.MaxRequestBytes, options.Input, context.RequestAborted);
        if (body is null)
        {
            await ErrorResponse.WriteAsync(context, bodyError!, requestId, asStream);
            return;
        }

        GenerationRequest request;
        using (body)
        {
            var (parsed, error) = GenerationRequest.Parse(body.RootElement, asStream, models, options.Limits, options.Input);
            if (error is not null)
            {
                await ErrorResponse.WriteAsync(context, error, requestId, asStream);
                return;
            }

            request = parsed!;
        }

        if (ImageFetcher.AnyByUrl(request.Research.Images))
        {
            var (inline, imageError) = await images.InlineAsync(request.Research.Images, context.RequestAborted);
            if (imageError is not null)
            {
                await ErrorResponse.WriteAsync(context, imageError, requestId, asStream);
                return;
            }

            request = request with { Research = request.Research with { Images = inline! } };
        }

        if (!runs.Quota.TryAcquire(owner))
        {
            await ErrorResponse.WriteAsync(context, DashScopeError.RateQuota(runs.Quota.Limit), requestId, asStream);
            return;
        }

        try
        {
            runs.Start(requestId, request.Research, request.Model, owner, HostRequest(request));
        }
        catch
        {
            runs.Quota.Release(owner);
            throw;
        }

        await StreamAsync(context, requestId, new DashScopeStreamMapper(request.Incremental, ModelCatalog.UsesThinkingStatus(request.Model)), 0);
    }

    /// <summary>Writes a run's events as DashScope frames until the run ends or the client goes away.</summary>
    internal async Task StreamAsync(HttpContext context, string runId, DashScopeStreamMapper mapper, long afterSequence)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = DashScopeFrameWriter.ContentType;
        response.Headers["x-request-id"] = runId;
        response.Headers["x-dashscope-requestid"] = runId;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var aborted = context.RequestAborted;
        long frame = 0;
        try
        {
            await response.StartAsync(aborted);
            await using var events = runs.Follow(runId, afterSequence, aborted).GetAsyncEnumerator(aborted);
            var next = events.MoveNextAsync().AsTask();
            while (true)
            {
                bool moved;
                try
                {
                    moved = await next.WaitAsync(options.KeepAliveInterval, time, aborted);
                }
                catch (TimeoutException)
                {
                    DashScopeFrameWriter.WriteChunk(response.BodyWriter, ++frame, mapper.KeepAlive(), runId);
                    await response.BodyWriter.FlushAsync(aborted);
                    continue;
                }

                if (!moved)
                {
                    // The run stopped without ending: the server is shutting down and left it interrupted.
                    DashScopeFrameWriter.WriteError(response.BodyWriter, ++frame, DashScopeError.Interrupted(runId), runId);
                    await response.BodyWriter.FlushAsync(aborted);
                    return;
                }

                var e = events.Current;
                Task<bool>? ahead = null;
                if (FollowedByUsage(e))
                {
                    // The engine reports the usage of a step just after the step's event; the chunks
                    // of the step should carry it, so wait a moment for it.
                    ahead = events.MoveNextAsync().AsTask();
                    if (await Completes(ahead, UsageGrace) && await ahead && events.Current is UsageUpdated usage)
                    {
                        mapper.Map(usage);
                        ahead = null;
                    }
                }

                foreach (var chunk in mapper.Map(e))
                {
                    DashScopeFrameWriter.WriteChunk(response.BodyWriter, ++frame, chunk, runId);
                }

                if (e is RunFinished finished)
                {
                    if (DashScopeStreamMapper.ErrorFor(finished, runId) is { } error)
                    {
                        DashScopeFrameWriter.WriteError(response.BodyWriter, ++frame, error, runId);
                    }

                    await response.BodyWriter.FlushAsync(aborted);
                    return;
                }

                next = ahead ?? events.MoveNextAsync().AsTask();
                // Several events that are ready go out in one flush.
                if (!next.IsCompleted)
                {
                    await response.BodyWriter.FlushAsync(aborted);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the run goes on and stays stored.
        }
    }

    private static readonly TimeSpan UsageGrace = TimeSpan.FromMilliseconds(50);

    private static bool FollowedByUsage(ResearchEvent e) => e is PlanCreated or ClarificationRequested or RoundFinished or ReportWritten;

    private async Task<bool> Completes(Task task, TimeSpan within)
    {
        if (task.IsCompleted)
        {
            return true;
        }

        await Task.WhenAny(task, Task.Delay(within, time));
        return task.IsCompleted;
    }

    private static string HostRequest(GenerationRequest request) => new JsonObject
    {
        ["model"] = request.Model,
        ["incremental_output"] = request.Incremental,
        ["research_tools"] = request.ResearchToolCount,
    }.ToJsonString();
}
