using System.Security.Claims;
using Fathom.Events;
using Fathom.Research;

namespace Fathom.Server.Mcp;

/// <summary>How <c>deep_research</c> runs a request: in process on stdio, as the caller's stored run on the server.</summary>
public interface IResearchRunner
{
    /// <summary>The run's events, to its end.</summary>
    /// <param name="request">What to research.</param>
    /// <param name="user">Who asked, when the transport authenticated the caller.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    IAsyncEnumerable<ResearchEvent> RunAsync(ResearchRequest request, ClaimsPrincipal? user, CancellationToken cancellationToken);
}

/// <summary>Runs in process, unstored: <c>fathom mcp</c> on stdio, where the client owns the process.</summary>
public sealed class EngineRunner(ResearchEngine engine) : IResearchRunner
{
    /// <inheritdoc />
    public IAsyncEnumerable<ResearchEvent> RunAsync(ResearchRequest request, ClaimsPrincipal? user, CancellationToken cancellationToken) =>
        engine.RunAsync(request, cancellationToken: cancellationToken);
}
