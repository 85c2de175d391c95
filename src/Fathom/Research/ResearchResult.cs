using Fathom.Events;
using Fathom.Sources;

namespace Fathom.Research;

/// <summary>The outcome of a run: the fold of its events.</summary>
public sealed record ResearchResult
{
    /// <summary>The run's id.</summary>
    public string RunId { get; init; } = "";

    /// <summary>The question asked.</summary>
    public string Question { get; init; } = "";

    /// <summary>How the run ended.</summary>
    public RunStatus Status { get; init; } = RunStatus.Failed;

    /// <summary>Why it failed, if it did.</summary>
    public string? Error { get; init; }

    /// <summary>Clarifying questions, when the run asked them.</summary>
    public IReadOnlyList<string> ClarifyingQuestions { get; init; } = [];

    /// <summary>The research brief.</summary>
    public string Brief { get; init; } = "";

    /// <summary>The report outline.</summary>
    public IReadOnlyList<string> Outline { get; init; } = [];

    /// <summary>The verified report (Markdown).</summary>
    public string Report { get; init; } = "";

    /// <summary>The cited sources with their quotes.</summary>
    public IReadOnlyList<Reference> References { get; init; } = [];

    /// <summary>Tokens and money spent.</summary>
    public TokenUsage Usage { get; init; } = TokenUsage.Zero;

    /// <summary>Research rounds run.</summary>
    public int Rounds { get; init; }

    /// <summary>Limits that were reached.</summary>
    public IReadOnlyList<LimitKind> LimitsHit { get; init; } = [];

    /// <summary>Folds a run's events into its result.</summary>
    public static ResearchResult Fold(IEnumerable<ResearchEvent> events)
    {
        var result = new ResearchResult();
        var rounds = new HashSet<int>();
        var limits = new List<LimitKind>();
        foreach (var e in events)
        {
            result = e switch
            {
                RunStarted s => result with { RunId = s.RunId, Question = s.Question },
                ClarificationRequested c => result with { ClarifyingQuestions = c.Questions },
                PlanCreated p => result with { Brief = p.Brief, Outline = p.Outline },
                PlanApproved a => result with { Brief = a.Brief, Outline = a.Outline },
                ReportWritten w => result with { Report = w.Markdown, References = w.References },
                UsageUpdated u => result with { Usage = u.Usage },
                RunFinished f => result with { Status = f.Status, Error = f.Error },
                _ => result,
            };
            if (e is RoundStarted r)
            {
                rounds.Add(r.Round);
            }

            if (e is LimitReached l && !limits.Contains(l.Limit))
            {
                limits.Add(l.Limit);
            }
        }

        return result with { Rounds = rounds.Count, LimitsHit = limits };
    }
}
