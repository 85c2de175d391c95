using Fathom.Events;
using Fathom.Sources;

namespace Fathom.Research;

/// <summary>
/// What a run has done so far, folded from its events: the one fold of the stream. The event log
/// is the checkpoint: a run resumed from its stored events continues at the first step that has no
/// event yet; <see cref="ToResult"/> is what every host reports of a run.
/// </summary>
internal sealed class RunState
{
    public long LastSequence { get; private set; }

    public bool Started { get; private set; }

    public string RunId { get; private set; } = "";

    public string Question { get; private set; } = "";

    public IReadOnlyList<string> ClarifyingQuestions { get; private set; } = [];

    public ResearchPlanSnapshot? Plan { get; private set; }

    /// <summary>Whether a person approved the plan (for runs that asked for review).</summary>
    public bool PlanReviewed { get; private set; }

    public List<RoundSnapshot> Rounds { get; } = [];

    public bool ResearchFinished { get; private set; }

    public ReportWritten? Report { get; private set; }

    public RunFinished? Finished { get; private set; }

    /// <summary>Limits reached, in the order they were first reached.</summary>
    public List<LimitKind> LimitsHit { get; } = [];

    public Research.TokenUsage Usage { get; private set; } = Research.TokenUsage.Zero;

    public List<SourceCard> Sources { get; } = [];

    public List<Finding> Findings { get; } = [];

    /// <summary>Searches that failed, with their providers' reasons.</summary>
    public List<SearchFailed> SearchFailures { get; } = [];

    /// <summary>Pages skipped, with the reasons (refused, unreadable, nothing on the question).</summary>
    public List<PageSkipped> Skipped { get; } = [];

    /// <summary>Searches made: every query of a round whose sources were picked, and the model's own.</summary>
    public int Queries => Rounds.Where(r => r.SourcesPicked).Sum(r => r.Queries.Count) + ModelSearches;

    /// <summary>Pages taken up: learned from or skipped in the rounds, and read or called for by the model.</summary>
    public int Pages => Rounds.Sum(r => r.Done.Count) + ModelReads;

    private int ModelSearches { get; set; }

    private int ModelReads { get; set; }

    public static RunState Fold(IEnumerable<ResearchEvent> events)
    {
        var state = new RunState();
        foreach (var e in events)
        {
            state.Apply(e);
        }

        return state;
    }

    /// <summary>The sources and findings folded so far, as a registry (for verifying a report).</summary>
    public SourceRegistry Registry()
    {
        var registry = new SourceRegistry();
        foreach (var card in Sources)
        {
            registry.Restore(card);
        }

        registry.AddFindings(Findings);
        return registry;
    }

    public void Apply(ResearchEvent e)
    {
        LastSequence = Math.Max(LastSequence, e.Sequence);
        switch (e)
        {
            case RunStarted started:
                Started = true;
                RunId = started.RunId;
                Question = started.Question;
                break;
            case ClarificationRequested c:
                ClarifyingQuestions = c.Questions;
                break;
            case PlanCreated p:
                Plan = new ResearchPlanSnapshot(p.Brief, p.Outline);
                break;
            case PlanApproved a:
                Plan = new ResearchPlanSnapshot(a.Brief, a.Outline);
                PlanReviewed = true;
                break;
            case RoundStarted r:
                Rounds.Add(new RoundSnapshot(r.Round, r.Goal, r.Queries));
                break;
            case SourcesFound s:
                Sources.AddRange(s.Sources);
                if (Current(s.Round) is { } sr)
                {
                    sr.Picked.AddRange(s.Sources);
                    sr.SourcesPicked = true;
                }

                break;
            case PageLearned l:
                Findings.AddRange(l.Findings);
                Current(l.Round)?.Done.Add(l.SourceNumber);
                if (Current(l.Round) is { } lr)
                {
                    lr.NewFindings += l.Findings.Count;
                }

                break;
            case ModelSearched:
                ModelSearches++;
                break;
            case ModelRead:
            case ToolCalled { Called: true }:
                ModelReads++;
                break;
            case PageSkipped k:
                Current(k.Round)?.Done.Add(k.SourceNumber);
                Skipped.Add(k);
                break;
            case SearchFailed failed:
                SearchFailures.Add(failed);
                break;
            case RoundFinished f when Current(f.Round) is { } round:
                round.Finished = true;
                round.Reflection = f.Reflection;
                break;
            case Events.ResearchFinished:
                ResearchFinished = true;
                break;
            case ReportWritten w:
                Report = w;
                break;
            case UsageUpdated u:
                Usage = u.Usage;
                break;
            case LimitReached lim:
                NoteLimit(lim.Limit);
                break;
            case RunFinished done:
                Finished = done;
                break;
        }
    }

    /// <summary>Records that <paramref name="limit"/> was reached, once.</summary>
    public void NoteLimit(LimitKind limit)
    {
        if (!LimitsHit.Contains(limit))
        {
            LimitsHit.Add(limit);
        }
    }

    /// <summary>The run's result as the events so far make it.</summary>
    public ResearchResult ToResult() => new()
    {
        RunId = RunId,
        Question = Question,
        Status = Finished?.Status ?? RunStatus.Failed,
        Error = Finished?.Error,
        ClarifyingQuestions = ClarifyingQuestions,
        Brief = Plan?.Brief ?? "",
        Outline = Plan?.Outline ?? [],
        Report = Report?.Markdown ?? "",
        References = Report?.References ?? [],
        AddressesQuestion = Report?.AddressesQuestion ?? true,
        Usage = Usage,
        Rounds = Rounds.Select(r => r.Round).Distinct().Count(),
        LimitsHit = [.. LimitsHit],
    };

    private RoundSnapshot? Current(int round) => Rounds.LastOrDefault(r => r.Round == round);
}

internal sealed record ResearchPlanSnapshot(string Brief, IReadOnlyList<string> Outline);

internal sealed record RoundSnapshot(int Round, string Goal, IReadOnlyList<string> Queries)
{
    public List<SourceCard> Picked { get; } = [];

    public bool SourcesPicked { get; set; }

    public HashSet<int> Done { get; } = [];

    public int NewFindings { get; set; }

    public bool Finished { get; set; }

    public string Reflection { get; set; } = "";
}
