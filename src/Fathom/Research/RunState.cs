using Fathom.Events;
using Fathom.Sources;

namespace Fathom.Research;

/// <summary>
/// What a run has done so far, folded from its events. The event log is the checkpoint: a run
/// resumed from its stored events continues at the first step that has no event yet.
/// </summary>
internal sealed class RunState
{
    public long LastSequence { get; private set; }

    public bool Started { get; private set; }

    public ResearchPlanSnapshot? Plan { get; private set; }

    /// <summary>Whether a person approved the plan (for runs that asked for review).</summary>
    public bool PlanReviewed { get; private set; }

    public List<RoundSnapshot> Rounds { get; } = [];

    public bool ResearchFinished { get; private set; }

    public ReportWritten? Report { get; private set; }

    public RunFinished? Finished { get; private set; }

    public HashSet<LimitKind> LimitsHit { get; } = [];

    public Research.TokenUsage Usage { get; private set; } = Research.TokenUsage.Zero;

    public List<SourceCard> Sources { get; } = [];

    public List<Finding> Findings { get; } = [];

    /// <summary>Searches the rounds made: every query of a round whose sources were picked.</summary>
    public int Queries => Rounds.Where(r => r.SourcesPicked).Sum(r => r.Queries.Count);

    /// <summary>Pages the rounds took up: learned from or skipped.</summary>
    public int Pages => Rounds.Sum(r => r.Done.Count);

    public static RunState Fold(IEnumerable<ResearchEvent> events)
    {
        var state = new RunState();
        foreach (var e in events)
        {
            state.Apply(e);
        }

        return state;
    }

    public void Apply(ResearchEvent e)
    {
        LastSequence = Math.Max(LastSequence, e.Sequence);
        switch (e)
        {
            case RunStarted:
                Started = true;
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
            case PageSkipped k:
                Current(k.Round)?.Done.Add(k.SourceNumber);
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
                LimitsHit.Add(lim.Limit);
                break;
            case RunFinished done:
                Finished = done;
                break;
        }
    }

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
