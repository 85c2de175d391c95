using Fathom.Sources;
using Microsoft.Extensions.AI;

namespace Fathom.Research;

/// <summary>
/// What a stage may look at: the run as it stands when the stage is asked. Immutable; the run
/// changes only by the results stages return. <see cref="Budget"/> and <see cref="Lookup"/> are
/// the run's own services, through which a model spends and looks.
/// </summary>
public sealed class RunSnapshot
{
    private IReadOnlyDictionary<int, SourceCard>? _byNumber;
    private IReadOnlySet<string>? _urls;

    /// <summary>A snapshot of a run that has done nothing yet.</summary>
    public RunSnapshot(ResearchRequest request, RunBudget budget, IRunLookup lookup)
    {
        Request = request;
        Budget = budget;
        Lookup = lookup;
    }

    /// <summary>The request being researched.</summary>
    public ResearchRequest Request { get; }

    /// <summary>The run's budget: what it spent and what it may still spend.</summary>
    public RunBudget Budget { get; }

    /// <summary>Search and read through the run.</summary>
    public IRunLookup Lookup { get; }

    /// <summary>The plan, once drawn up.</summary>
    public ResearchPlan? Plan { get; init; }

    /// <summary>Rounds finished or under way, in order.</summary>
    public IReadOnlyList<RoundRecord> Rounds { get; init; } = [];

    /// <summary>The sources found so far, by number.</summary>
    public IReadOnlyList<SourceCard> Sources { get; init; } = [];

    /// <summary>The findings so far, in source order.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>
    /// Tools the stage may call (allowed MCP tools other than <c>search</c> and <c>fetch</c>, offered
    /// when a round is planned), as functions for <see cref="ChatOptions.Tools"/>. Each call goes
    /// through the run: it is bounded and counted, it is an event, and its answer becomes a source.
    /// </summary>
    public IReadOnlyList<AIFunction> Tools { get; init; } = [];

    /// <summary>Every query searched so far in the rounds of this run.</summary>
    public IEnumerable<string> QueriesSoFar => Rounds.SelectMany(r => r.Queries);

    /// <summary>The source with <paramref name="number"/>, if any.</summary>
    public SourceCard? Source(int number) => (_byNumber ??= Sources.ToDictionary(s => s.Number)).GetValueOrDefault(number);

    /// <summary>Whether <paramref name="url"/> (canonically) is already a source of the run.</summary>
    public bool HasSource(string url) => (_urls ??= Sources.Select(s => UrlKey.Canonical(s.Url)).ToHashSet(StringComparer.Ordinal)).Contains(UrlKey.Canonical(url));
}
