using System.Text.Json;
using System.Text.Json.Nodes;
using Fathom.Events;
using Fathom.Research;
using Fathom.Server.Auth;
using Fathom.Server.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Fathom.Server.DashScope;

/// <summary>
/// <c>POST /api/v1/services/aigc/text-generation/generation</c>: checks the request of an authenticated caller,
/// starts a stored run whose id is the request id, and streams it as the hosted service does. A
/// client that goes away stops only its stream: the run goes on and can be followed again.
/// </summary>
internal sealed class GenerationEndpoint(RunCoordinator runs, RunFollower follower, ModelCatalog models, FathomServerOptions options, ResearchEngine engine, ImageFetcher images)
{
    public const string Route = "/api/v1/services/aigc/text-generation/generation";

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = ResearchEngine.NewRunId();
        var asStream = AsksForStream(context.Request);
        var owner = context.RequiredCaller();

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Per endpoint, not server-wide: other surfaces keep Kestrel's own limit.
            limit.MaxRequestBodySize = options.MaxRequestBytes;
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
            var (parsed, error) = GenerationRequest.Parse(body.RootElement, asStream, models, options.Limits, engine.Tools.AddressProblem, options.Input);
            if (error is not null)
            {
                await ErrorResponse.WriteAsync(context, error, requestId, asStream);
                return;
            }

            request = parsed!;
        }

        if (!engine.HasSearchProviders && engine.Tools.Defaults.Count == 0 && request.Research.ResearchTools.Count == 0)
        {
            await ErrorResponse.WriteAsync(context, DashScopeError.InvalidParameter(
                "This server has no corpus, web search or MCP server of its own: name an MCP server in parameters.research_tools, or start it with --corpus, --web or --mcp."), requestId, asStream);
            return;
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

        if (!await runs.Quota.TryAcquireAsync(owner, requestId))
        {
            await ErrorResponse.WriteAsync(context, DashScopeError.RateQuota(runs.Quota.Limit), requestId, asStream);
            return;
        }

        if (runs.Admission is { } admission && !admission.TryReserve())
        {
            await runs.Quota.ReleaseAsync(owner, requestId);
            // Every place is taken, so the queue is full: say so from the limits, not from the count of runs
            // already waiting, which lags while a queued run's thread has yet to start waiting.
            await ErrorResponse.WriteAsync(context, DashScopeError.Overloaded(admission.Concurrent, admission.Queued), requestId, asStream);
            return;
        }

        var mapper = new DashScopeStreamMapper(request.Incremental, ModelCatalog.UsesThinkingStatus(request.Model));
        var encoder = new DashScopeStreamEncoder(requestId, mapper);
        var response = context.Response;
        try
        {
            // Recorded first, so that a client that has the headers (and the run id) finds the run. Under
            // load, recording waits its turn behind other runs' writes: then the headers and a keep-alive
            // go out first, so that the client hears from the server meanwhile.
            await runs.StartAsync(requestId, request.Research, request.Model, owner, HostRequest(request), async () =>
            {
                encoder.Start(response);
                await response.StartAsync(context.RequestAborted);
                encoder.WriteKeepAlive(response.BodyWriter);
                await response.BodyWriter.FlushAsync(context.RequestAborted);
            });
        }
        catch
        {
            if (!runs.IsLive(requestId))
            {
                await runs.Quota.ReleaseAsync(owner, requestId);
                runs.Admission?.Release(hadTurn: false);
            }

            throw;
        }

        await follower.StreamAsync(context, requestId, 0, encoder);
    }

    /// <summary>Whether the caller asked for a stream (<c>X-DashScope-SSE: enable</c>), so errors go out as SSE too.</summary>
    public static bool AsksForStream(HttpRequest request) =>
        string.Equals(request.Headers["X-DashScope-SSE"], "enable", StringComparison.OrdinalIgnoreCase);


    private static string HostRequest(GenerationRequest request) => new JsonObject
    {
        ["model"] = request.Model,
        ["incremental_output"] = request.Incremental,
        ["research_tools"] = request.ResearchToolCount,
    }.ToJsonString();
}
