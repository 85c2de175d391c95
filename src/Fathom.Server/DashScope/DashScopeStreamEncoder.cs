using System.IO.Pipelines;
using Fathom.Events;
using Fathom.Server.Runs;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.DashScope;

/// <summary>
/// The DashScope stream of a run: numbered <c>id:</c> frames of chunks as the hosted service sends
/// them, a KeepAlive chunk when idle, and the error event a failed or interrupted run ends with.
/// </summary>
internal sealed class DashScopeStreamEncoder(string runId, DashScopeStreamMapper mapper) : IRunStreamEncoder
{
    private long _frame;

    public void Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = DashScopeFrameWriter.ContentType;
        response.Headers["x-request-id"] = runId;
        response.Headers["x-dashscope-requestid"] = runId;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    public bool Write(PipeWriter output, ResearchEvent e)
    {
        foreach (var chunk in mapper.Map(e))
        {
            DashScopeFrameWriter.WriteChunk(output, ++_frame, chunk, runId);
        }

        if (e is not RunFinished finished)
        {
            return false;
        }

        if (DashScopeStreamMapper.ErrorFor(finished, runId) is { } error)
        {
            DashScopeFrameWriter.WriteError(output, ++_frame, error, runId);
        }

        return true;
    }

    public void WriteKeepAlive(PipeWriter output) => DashScopeFrameWriter.WriteChunk(output, ++_frame, mapper.KeepAlive(), runId);

    public void WriteQueued(PipeWriter output, int waiting) =>
        DashScopeFrameWriter.WriteChunk(output, ++_frame, mapper.KeepAlive() with
        {
            Content = $"Queued: the server is working on as many runs as it may, and {waiting} wait; this research starts when a turn frees.",
        }, runId);

    public void WriteStopped(PipeWriter output) => DashScopeFrameWriter.WriteError(output, ++_frame, DashScopeError.Interrupted(runId), runId);
}
