using System.Text.Json;
using Fathom.Reports;
using Fathom.Research;
using Fathom.Server.Auth;
using Fathom.Server.DashScope;
using Fathom.Server.Runs;
using Fathom.Storage;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.Web;

/// <summary>
/// The parts of the run API a person's page needs besides reading and following a run: list a
/// key's runs, start one (not DashScope-streamed), answer its clarifying questions, approve or
/// replace its plan, read its report as HTML, export it, and delete it. Errors use the same JSON
/// as the rest of the API: <c>{"code", "message", "request_id"}</c>.
/// </summary>
internal sealed class ResearchApiEndpoints(RunCoordinator runs, PlanReviews reviews, FathomServerOptions options, ResearchEngine engine, ReportExporter exporter)
{
    /// <summary>What an empty answer to the clarifying questions stands for, as on the command line.</summary>
    public const string SkippedAnswer = "No preference; research broadly.";

    public async Task ListAsync(HttpContext context)
    {
        var owner = context.RequiredCaller();
        var list = runs.Store.ListByOwner(owner).Select(r => new RunSummaryView(
            r.Id, StoredRunStatusNames.Name(r.Status), r.Question, r.CreatedAt, r.UpdatedAt, r.LastSequence, runs.IsLive(r.Id), r.HasReport)).ToList();
        await context.Response.WriteAsJsonAsync(new RunListView(list), PageJsonContext.Default.RunListView, "application/json", context.RequestAborted);
    }

    public async Task StartAsync(HttpContext context)
    {
        var requestId = ResearchEngine.NewRunId();
        var owner = context.RequiredCaller();

        var (body, bodyError) = await ReadBodyAsync(context);
        if (bodyError is not null)
        {
            await Error(context, bodyError, requestId);
            return;
        }

        using (body)
        {
            var (request, error, notice) = StartRequest.Parse(body!.RootElement, options.Limits, engine.Model.Info);
            if (error is not null)
            {
                await Error(context, DashScopeError.InvalidParameter(error), requestId);
                return;
            }

            await LaunchAsync(context, requestId, request!, owner, notice);
        }
    }

    public async Task AnswerAsync(HttpContext context, string id)
    {
        if (await Authorize(context, id) is not { } run)
        {
            return;
        }

        if (run.Status != StoredRunStatus.NeedsClarification)
        {
            await Error(context, new DashScopeError(409, "RunNotWaiting", $"Run '{id}' asked no clarifying questions (it is {StoredRunStatusNames.Name(run.Status)}); there is nothing to answer."), id);
            return;
        }

        var (body, bodyError) = await ReadBodyAsync(context);
        if (bodyError is not null)
        {
            await Error(context, bodyError, id);
            return;
        }

        string? answer;
        using (body)
        {
            answer = body!.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("answer", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        }

        var asked = runs.Store.ReadEvents(id).OfType<Events.ClarificationRequested>().LastOrDefault();
        var request = run.Request with
        {
            ClarificationAnswer = string.IsNullOrWhiteSpace(answer) ? SkippedAnswer : answer.Trim(),
            ClarificationAsked = asked?.Text,
            AllowClarification = false,
        };
        await LaunchAsync(context, ResearchEngine.NewRunId(), request, run.Owner, null);
    }

    public async Task GetPlanAsync(HttpContext context, string id)
    {
        if (await Authorize(context, id) is not { } run)
        {
            return;
        }

        if (await WaitingPlanAsync(run, context.RequestAborted) is { } waiting)
        {
            await WritePlanAsync(context, new PlanView(id, waiting.Brief, waiting.Outline, Waiting: true));
            return;
        }

        var result = ResearchResult.Fold(runs.Store.ReadEvents(id));
        await WritePlanAsync(context, new PlanView(id, result.Brief, result.Outline, Waiting: false));
    }

    public async Task ReviewPlanAsync(HttpContext context, string id)
    {
        if (await Authorize(context, id) is not { } run)
        {
            return;
        }

        if (await WaitingPlanAsync(run, context.RequestAborted) is not { } waiting)
        {
            await Error(context, new DashScopeError(409, "PlanNotWaiting",
                $"Run '{id}' is not waiting for its plan to be approved. Start a run with \"review_plan\": true to review its plan."), id);
            return;
        }

        var (body, bodyError) = await ReadBodyAsync(context);
        if (bodyError is not null)
        {
            await Error(context, bodyError, id);
            return;
        }

        ResearchPlan plan;
        using (body)
        {
            var root = body!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                await Error(context, DashScopeError.InvalidParameter("The body must be a JSON object: {\"outline\": [\"…\"]} to replace the plan, or {} to approve it."), id);
                return;
            }

            plan = waiting;
            if (root.TryGetProperty("outline", out var outline))
            {
                if (outline.ValueKind != JsonValueKind.Array || outline.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String))
                {
                    await Error(context, DashScopeError.InvalidParameter("\"outline\" must be an array of section titles (strings)."), id);
                    return;
                }

                var (tidy, error) = PlanOutline.Tidy(outline.EnumerateArray().Select(s => s.GetString()));
                if (error is not null)
                {
                    await Error(context, DashScopeError.InvalidParameter(error), id);
                    return;
                }

                plan = plan with { Outline = tidy };
            }

            if (root.TryGetProperty("brief", out var brief) && brief.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(brief.GetString()))
            {
                plan = plan with { Brief = brief.GetString()!.Trim() };
            }
        }

        if (!reviews.Answer(id, plan))
        {
            await Error(context, new DashScopeError(409, "PlanNotWaiting", $"Run '{id}' stopped waiting for its plan (it was cancelled or answered already)."), id);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers.Location = $"{RunEndpoints.Prefix}/{id}/events";
        await WritePlanAsync(context, new PlanView(id, plan.Brief, plan.Outline, Waiting: false));
    }

    public async Task ReportAsync(HttpContext context, string id)
    {
        if (await Document(context, id) is not { } document)
        {
            return;
        }

        var view = new ReportView(id, document.Title, document.Byline, document.Date, document.SourceCount, HtmlExport.Fragment(document));
        await context.Response.WriteAsJsonAsync(view, PageJsonContext.Default.ReportView, "application/json", context.RequestAborted);
    }

    public async Task ExportAsync(HttpContext context, string id)
    {
        var name = context.Request.Query["format"].ToString();
        if (ExportFormats.Parse(name.Length == 0 ? "md" : name) is not { } format)
        {
            await Error(context, DashScopeError.InvalidParameter($"format '{name}' is not one of {ExportFormats.Names}."), id);
            return;
        }

        if (await Document(context, id) is not { } document)
        {
            return;
        }

        byte[] bytes;
        try
        {
            bytes = await exporter.ExportAsync(document, format, context.RequestAborted);
        }
        catch (ReportExportException ex)
        {
            await Error(context, new DashScopeError(501, "ExportUnavailable", ex.Message), id);
            return;
        }

        context.Response.ContentType = format.MediaType();
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{ReportExporter.FileName(document, format)}\"";
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public async Task DeleteAsync(HttpContext context, string id)
    {
        if (await Authorize(context, id) is null)
        {
            return;
        }

        await runs.CancelAsync(id);
        for (var i = 0; i < 50 && runs.IsLive(id); i++)
        {
            await Task.Delay(100, context.RequestAborted);
        }

        runs.Store.Delete(id);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>
    /// The plan the run waits with. A run that asked for review registers its wait just after its
    /// plan_created event is out, so a caller that saw the event may be a moment early: it waits up to two seconds.
    /// </summary>
    private async Task<ResearchPlan?> WaitingPlanAsync(StoredRun run, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 20; i++)
        {
            if (reviews.Waiting(run.Id) is { } plan)
            {
                return plan;
            }

            var events = runs.Store.ReadEvents(run.Id);
            var early = run.Request.ReviewPlan && runs.IsLive(run.Id)
                && events.OfType<Events.PlanCreated>().Any() && !events.OfType<Events.PlanApproved>().Any() && !events.OfType<Events.RunFinished>().Any();
            if (!early)
            {
                return null;
            }

            await Task.Delay(100, cancellationToken);
        }

        return reviews.Waiting(run.Id);
    }

    private async Task LaunchAsync(HttpContext context, string id, ResearchRequest request, string owner, string? notice)
    {
        if (!await runs.Quota.TryAcquireAsync(owner, id))
        {
            await Error(context, DashScopeError.RateQuota(runs.Quota.Limit), id);
            return;
        }

        try
        {
            await runs.StartAsync(id, request, engine.Model.Info.Name, owner, null);
        }
        catch
        {
            await runs.Quota.ReleaseAsync(owner, id);
            throw;
        }

        var events = $"{RunEndpoints.Prefix}/{id}/events";
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers.Location = events;
        context.Response.Headers["x-request-id"] = id;
        await context.Response.WriteAsJsonAsync(
            new RunStartView(id, "running", request.Question, request.ReviewPlan, events, notice, id), PageJsonContext.Default.RunStartView, "application/json", context.RequestAborted);
    }

    private async Task<ReportDocument?> Document(HttpContext context, string id)
    {
        if (await Authorize(context, id) is not { } run)
        {
            return null;
        }

        if (string.IsNullOrEmpty(run.Report))
        {
            await Error(context, new DashScopeError(409, "ReportNotReady", $"Run '{id}' has no report yet (it is {StoredRunStatusNames.Name(run.Status)}); follow {RunEndpoints.Prefix}/{id}/events until it completes."), id);
            return null;
        }

        return ReportDocument.From(run.Request.Question, run.Report, run.References, run.UpdatedAt);
    }

    private async Task<StoredRun?> Authorize(HttpContext context, string id)
    {
        var owner = context.RequiredCaller();
        var run = runs.Store.Find(id);
        if (run is null || run.Owner != owner)
        {
            await Error(context, new DashScopeError(404, "NotFound", $"No run '{id}' is stored for this API key."), id);
            return null;
        }

        return run;
    }

    private async Task<(JsonDocument? Body, DashScopeError? Error)> ReadBodyAsync(HttpContext context)
    {
        try
        {
            return (await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted), null);
        }
        catch (JsonException ex)
        {
            return (null, DashScopeError.InvalidParameter($"The request body is not valid JSON: {ex.Message}"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The limit that held is Kestrel's for this route (the generation endpoint alone raises it to MaxRequestBytes).
            var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? options.MaxRequestBytes;
            return (null, DashScopeError.TooLarge(limit));
        }
    }

    private static async Task WritePlanAsync(HttpContext context, PlanView view) =>
        await context.Response.WriteAsJsonAsync(view, PageJsonContext.Default.PlanView, "application/json", context.RequestAborted);

    private static async Task Error(HttpContext context, DashScopeError error, string requestId)
    {
        context.Response.StatusCode = error.HttpStatus;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(DashScopeFrameWriter.ErrorJson(error, requestId), context.RequestAborted);
    }
}
