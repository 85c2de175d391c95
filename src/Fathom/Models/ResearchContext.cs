using System.Collections.Concurrent;
using Fathom.Events;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Search;
using Fathom.Sources;

namespace Fathom.Models;

/// <summary>
/// Everything a stage may look at during one run: the request, the plan, the rounds so far, the
/// sources and their findings, the usage meter, and tools to search and read (a planner may look
/// around before it plans). Owned by the orchestrator; stages read it and add to it only through
/// its members.
/// </summary>
public sealed class ResearchContext(ResearchRequest request, SourceRegistry sources, RunBudget budget, IResearchTools tools)
{
    private readonly ConcurrentQueue<ModelAnswerRejected> _rejections = new();
    private readonly List<RoundRecord> _rounds = [];

    /// <summary>The request being researched.</summary>
    public ResearchRequest Request => request;

    /// <summary>The plan, once drawn up.</summary>
    public ResearchPlan? Plan { get; internal set; }

    /// <summary>Sources and their findings.</summary>
    public SourceRegistry Sources => sources;

    /// <summary>The run's budget: what it spent and what it may still spend.</summary>
    public RunBudget Budget => budget;

    /// <summary>Search and read, for stages that want to look before they decide.</summary>
    public IResearchTools Tools => tools;

    /// <summary>Rounds finished or under way, in order.</summary>
    public IReadOnlyList<RoundRecord> Rounds => _rounds;

    /// <summary>Every query searched so far in this run.</summary>
    public IEnumerable<string> QueriesSoFar => _rounds.SelectMany(r => r.Queries);

    /// <summary>Records that a model answer could not be used; the orchestrator turns it into an event.</summary>
    public void RejectAnswer(string stage, string reason) => _rejections.Enqueue(new ModelAnswerRejected(stage, reason));

    internal IEnumerable<ModelAnswerRejected> DrainRejections()
    {
        while (_rejections.TryDequeue(out var rejection))
        {
            yield return rejection;
        }
    }

    internal void AddRound(RoundRecord round) => _rounds.Add(round);
}

/// <summary>One research round as the stages see it.</summary>
public sealed record RoundRecord(int Round, string Goal, IReadOnlyList<string> Queries)
{
    /// <summary>Findings the round added (known once it finished).</summary>
    public int NewFindings { get; set; }

    /// <summary>The reflection written when it finished.</summary>
    public string Reflection { get; set; } = "";
}

/// <summary>Search and read, as offered to stages.</summary>
public interface IResearchTools
{
    /// <summary>Searches every configured provider and merges the results.</summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken);

    /// <summary>Reads a hit, or returns null if no reader handles it or it cannot be read.</summary>
    Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken);
}
