using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Fathom.Events;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.Runs;

/// <summary>
/// The run API's stream: standard SSE with <c>id:</c> the event's sequence number (so
/// <c>Last-Event-ID</c> resumes), <c>event:</c> its type and <c>data:</c> its JSON; a comment line keeps
/// an idle connection open. It follows the run across resumes until the run stops in this process.
/// </summary>
internal sealed class EventStreamEncoder(string runId) : IRunStreamEncoder
{
    public TimeSpan UsageGrace => TimeSpan.Zero;

    public void Start(HttpResponse response)
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers["x-request-id"] = runId;
    }

    public bool Write(PipeWriter output, ResearchEvent e)
    {
        var frame = string.Create(CultureInfo.InvariantCulture, $"id:{e.Sequence}\nevent:{RunEndpoints.EventName(e)}\ndata:{FathomJson.Serialize(e)}\n\n");
        Encoding.UTF8.GetBytes(frame, output);
        return false;
    }

    public void WriteKeepAlive(PipeWriter output) => output.Write(": keep-alive\n\n"u8);

    public void WriteStopped(PipeWriter output)
    {
    }
}
