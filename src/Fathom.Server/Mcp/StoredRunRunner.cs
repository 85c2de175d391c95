using System.Runtime.CompilerServices;
using System.Security.Claims;
using Fathom.Events;
using Fathom.Research;
using Fathom.Server.Auth;
using Fathom.Server.Runs;
using ModelContextProtocol;

namespace Fathom.Server.Mcp;

/// <summary>
/// <c>deep_research</c> on <c>/mcp</c>: a stored run of the caller's key, like a run of any other
/// surface, under the same per-key limit; a cancelled tool call cancels the run.
/// </summary>
internal sealed class StoredRunRunner(RunCoordinator runs) : IResearchRunner
{
    public const string Model = "fathom-mcp";

    public async IAsyncEnumerable<ResearchEvent> RunAsync(ResearchRequest request, ClaimsPrincipal? user, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var owner = user?.Caller() ?? throw new McpException("The call carries no authenticated caller; send Authorization: Bearer <key>.");
        var id = ResearchEngine.NewRunId();
        if (!await runs.Quota.TryAcquireAsync(owner, id))
        {
            throw new McpException($"This key already has {runs.Quota.Limit} runs going; wait for one to finish.");
        }

        try
        {
            await runs.StartAsync(id, request, Model, owner, "{\"endpoint\":\"mcp\"}");
        }
        catch
        {
            await runs.Quota.ReleaseAsync(owner, id);
            throw;
        }

        // The run ends with its own event when cancelled, so following goes on to that end.
        await using var cancel = cancellationToken.Register(() => _ = runs.CancelAsync(id));
        await foreach (var e in runs.Follow(id, 0, CancellationToken.None))
        {
            yield return e;
        }
    }
}
