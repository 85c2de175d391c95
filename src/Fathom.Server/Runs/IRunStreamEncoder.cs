using System.IO.Pipelines;
using Fathom.Events;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.Runs;

/// <summary>
/// What a surface that streams a run writes: its response headers, its frame for each event, its
/// keep-alive and what it says when the run stops without ending. <see cref="RunFollower"/> does the rest.
/// </summary>
internal interface IRunStreamEncoder
{
    /// <summary>Sets the status and headers before the stream starts.</summary>
    void Start(HttpResponse response);

    /// <summary>Writes the frames of one event; true when the stream ends with it.</summary>
    bool Write(PipeWriter output, ResearchEvent e);

    /// <summary>Writes what keeps an idle connection open.</summary>
    void WriteKeepAlive(PipeWriter output);

    /// <summary>Writes what the surface says while the run waits for a turn (see <see cref="RunAdmission"/>); <paramref name="waiting"/> runs wait in all.</summary>
    void WriteQueued(PipeWriter output, int waiting) => WriteKeepAlive(output);

    /// <summary>Writes what the surface says when the run stopped (the server is stopping) without ending.</summary>
    void WriteStopped(PipeWriter output);
}
