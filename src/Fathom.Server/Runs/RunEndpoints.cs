using System.Globalization;
using System.Text;
using Fathom.Events;
using Fathom.Server.Auth;
using Fathom.Server.DashScope;
using Fathom.Storage;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.Runs;

/// <summary>
/// The stored-run API: read a run and its report, follow its events as SSE from any point
/// (<c>Last-Event-ID</c>), cancel it, resume it. A caller sees only the runs it started.
/// </summary>
internal sealed class RunEndpoints(RunCoordinator runs, RunFollower follower)
{
    public const string Prefix = "/api/v1/research";

    public async Task GetAsync(HttpContext context, string id)
    {
        if (await FindOwnedAsync(context, id) is not { } run)
        {
            return;
        }

        await WriteRunAsync(context, run, StatusCodes.Status200OK);
    }

    public async Task CancelAsync(HttpContext context, string id)
    {
        if (await FindOwnedAsync(context, id) is not { } run)
        {
            return;
        }

        if (!runs.Cancel(id))
        {
            await Error(context, new DashScopeError(409, "RunNotRunning",
                $"Run '{id}' is not running (it is {StoredRunStatusNames.Name(run.Status)}); there is nothing to cancel."), id);
            return;
        }

        context.Response.Headers.Location = $"{Prefix}/{id}/events";
        await WriteRunAsync(context, run, StatusCodes.Status202Accepted);
    }

    public async Task ResumeAsync(HttpContext context, string id)
    {
        if (await FindOwnedAsync(context, id) is not { } run)
        {
            return;
        }

        var outcome = runs.Resume(id, run.Owner);
        var error = outcome switch
        {
            ResumeOutcome.Running => new DashScopeError(409, "RunNotResumable", $"Run '{id}' is running already; follow it at {Prefix}/{id}/events."),
            ResumeOutcome.Finished => new DashScopeError(409, "RunNotResumable",
                $"Run '{id}' ended as {StoredRunStatusNames.Name(run.Status)}; start a new request to research further."),
            ResumeOutcome.Throttled => DashScopeError.RateQuota(runs.Quota.Limit),
            ResumeOutcome.NotFound => NotFound(id),
            _ => null,
        };
        if (error is not null)
        {
            await Error(context, error, id);
            return;
        }

        context.Response.Headers.Location = $"{Prefix}/{id}/events";
        await WriteRunAsync(context, runs.Store.Find(id)!, StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Streams the run's events as SSE: <c>id:</c> is the event's sequence number, <c>event:</c> its
    /// type, <c>data:</c> its JSON. Starts after <c>Last-Event-ID</c> (or <c>?after=</c>) and follows the
    /// run live while it goes on; a comment line keeps an idle connection open.
    /// </summary>
    public async Task EventsAsync(HttpContext context, string id)
    {
        if (await FindOwnedAsync(context, id) is null)
        {
            return;
        }

        var after = AfterSequence(context);
        if (after is null)
        {
            await Error(context, DashScopeError.InvalidParameter("Last-Event-ID (or ?after=) must be a non-negative event number."), id);
            return;
        }

        await follower.StreamAsync(context, id, after.Value, new EventStreamEncoder(id));
    }

    private static long? AfterSequence(HttpContext context)
    {
        var raw = context.Request.Headers["Last-Event-ID"].ToString();
        if (raw.Length == 0)
        {
            raw = context.Request.Query["after"].ToString();
        }

        if (raw.Length == 0)
        {
            return 0;
        }

        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>The run, when the caller started it; else a 404 went out (another key's run is not there for this caller).</summary>
    private async Task<StoredRun?> FindOwnedAsync(HttpContext context, string id)
    {
        var run = runs.Store.Find(id);
        if (run is null || run.Owner != context.RequiredCaller())
        {
            await Error(context, NotFound(id), id);
            return null;
        }

        return run;
    }

    private static DashScopeError NotFound(string id) =>
        new(404, "NotFound", $"No run '{id}' is stored for this API key. The id is the request_id of the generation request.");

    private static async Task Error(HttpContext context, DashScopeError error, string requestId)
    {
        context.Response.StatusCode = error.HttpStatus;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(DashScopeFrameWriter.ErrorJson(error, requestId), context.RequestAborted);
    }

    private async Task WriteRunAsync(HttpContext context, StoredRun run, int status)
    {
        var view = new RunView(
            run.Id,
            StoredRunStatusNames.Name(run.Status),
            run.Model,
            run.Request.Question,
            run.CreatedAt,
            run.UpdatedAt,
            run.LastSequence,
            runs.IsLive(run.Id),
            new RunUsageView(run.Usage.InputTokens, run.Usage.OutputTokens),
            run.Report,
            [.. run.References.Select(r => new ReferenceView(r.Index, r.Title, r.Url, r.Description, r.Quotes))],
            run.Error,
            run.Id);
        context.Response.StatusCode = status;
        context.Response.Headers["x-request-id"] = run.Id;
        await context.Response.WriteAsJsonAsync(view, ServerJsonContext.Default.RunView, "application/json", context.RequestAborted);
    }
}
