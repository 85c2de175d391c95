using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Fathom.Events;
using Fathom.Research;
using Fathom.Server.Progress;
using Fathom.Server.Runs;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.OpenAI;

/// <summary>
/// A run as OpenAI <c>chat.completion.chunk</c> frames: the role first, research progress as
/// <c>reasoning_content</c>, the report (or the clarifying questions) as <c>content</c> with its
/// <c>url_citation</c> annotations, a final chunk with <c>finish_reason</c>, the usage chunk when
/// asked for, and <c>[DONE]</c>.
/// </summary>
internal sealed class OpenAIStreamEncoder(string id, long created, string model, bool includeUsage, string runId) : IRunStreamEncoder
{
    private readonly List<ResearchEvent> _events = [];
    private bool _started;

    public TimeSpan UsageGrace => TimeSpan.Zero;

    public void Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers["x-request-id"] = runId;
    }

    public bool Write(PipeWriter output, ResearchEvent e)
    {
        if (!_started)
        {
            _started = true;
            Chunk(output, new ChunkDelta(Role: true, Content: ""));
        }

        _events.Add(e);
        switch (e)
        {
            case ReportWritten report:
                Chunk(output, new ChunkDelta(Content: report.Markdown, References: report.References));
                break;
            case ClarificationRequested asked:
                Chunk(output, new ChunkDelta(Content: asked.Text));
                break;
            case RunFinished finished:
                Finish(output, finished);
                return true;
            default:
                if (ProgressText.Describe(e) is { } line)
                {
                    Chunk(output, new ChunkDelta(Reasoning: line + "\n"));
                }

                break;
        }

        return false;
    }

    public void WriteKeepAlive(PipeWriter output) => output.Write(": keep-alive\n\n"u8); // a comment: clients skip it

    public void WriteStopped(PipeWriter output)
    {
        Error(output, OpenAIError.Server($"The server stopped during the run; POST /api/v1/research/{runId}/resume continues it."));
        output.Write("data: [DONE]\n\n"u8);
    }

    private void Finish(PipeWriter output, RunFinished finished)
    {
        if (finished.Status is RunStatus.Completed or RunStatus.NeedsClarification)
        {
            Chunk(output, new ChunkDelta(Finished: true));
            if (includeUsage)
            {
                Frame(output, w => ChatCompletionWriter.WriteUsageChunk(w, id, created, model, ResearchResult.Fold(_events).Usage));
            }
        }
        else
        {
            // Mid-stream errors travel as an error object, as OpenAI's own streams send them.
            Error(output, OpenAIError.Server($"The research did not complete ({finished.Status}): {finished.Error ?? "the run stopped"}; GET /api/v1/research/{runId} shows it."));
        }

        output.Write("data: [DONE]\n\n"u8);
    }

    private void Chunk(PipeWriter output, ChunkDelta delta) => Frame(output, w => ChatCompletionWriter.WriteChunk(w, id, created, model, delta));

    private static void Error(PipeWriter output, OpenAIError error) => Frame(output, w =>
    {
        using var json = new Utf8JsonWriter(w);
        error.WriteTo(json);
    });

    private static void Frame(PipeWriter output, Action<IBufferWriter<byte>> write)
    {
        output.Write("data: "u8);
        write(output);
        output.Write("\n\n"u8);
    }
}
