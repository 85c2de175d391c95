using System.Globalization;
using System.Text;
using Fathom.Events;
using Fathom.Text;

namespace Fathom.Research.Support;

/// <summary>Why a run had no source to write from.</summary>
public enum SourceTroubleKind
{
    /// <summary>The searches failed (a provider down, refusing, or not configured).</summary>
    SearchesFailed,

    /// <summary>Pages were found, and none could be read (refused by the address policy, unreachable, empty).</summary>
    PagesUnreadable,
}

/// <summary>A run's reason for having no usable source, in words a reader can act on.</summary>
public sealed record SourceTrouble(SourceTroubleKind Kind, string Explanation);

/// <summary>
/// Tells a run that had nothing to read apart from one whose sources did not address the question.
/// With no usable source there is nothing for a model to write from (a language model would write
/// from memory, the extractive one would write nothing), so the run's report says why instead: which
/// searches failed and how, or what stopped every page from being read. Searches that ran and matched
/// nothing are not such a case: the sources were there and do not cover the question, which the
/// not-covered report says (an empty index fails its searches, so it is a failure here).
/// </summary>
public static class UnusableSources
{
    /// <summary>The reason a page gives when it was read and says nothing on the question: a usable source, just not a relevant one.</summary>
    public const string NothingRelevant = "nothing relevant to the question";

    /// <summary>The heading of the report's one section.</summary>
    public const string Heading = "No usable source";

    /// <summary>The sentence that says it, which hosts and tests can look for.</summary>
    public const string Verdict = "The research found no source it could use, so there is nothing to report.";

    /// <summary>Reasons quoted at most, most frequent first.</summary>
    private const int ReasonsShown = 3;

    /// <summary>The trouble of the run whose <paramref name="events"/> these are, or null when it had a usable source.</summary>
    public static SourceTrouble? Diagnose(IEnumerable<ResearchEvent> events)
    {
        var state = RunState.Fold(events);
        return Diagnose(state.Sources.Count, state.Findings.Count, state.SearchFailures, state.Skipped);
    }

    /// <summary>
    /// The trouble of a run that found <paramref name="sources"/> pages and learned
    /// <paramref name="findings"/> from them, or null when some page was read (whatever it said):
    /// a run whose pages were read but were off the question is not covered, not short of sources.
    /// </summary>
    public static SourceTrouble? Diagnose(int sources, int findings, IReadOnlyCollection<SearchFailed> failures, IReadOnlyCollection<PageSkipped> skipped)
    {
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(skipped);
        if (findings > 0)
        {
            return null;
        }

        if (sources == 0)
        {
            return failures.Count > 0
                ? new SourceTrouble(SourceTroubleKind.SearchesFailed, $"{Counted(failures.Count, "search")} failed and none returned a page: {Reasons(failures.Select(f => f.Reason.StartsWith(f.Provider + ": ", StringComparison.Ordinal) ? f.Reason.TrimEnd('.') : $"{f.Provider}: {f.Reason.TrimEnd('.')}"))}.")
                : null;
        }

        var unreadable = skipped.Where(k => !string.Equals(k.Reason, NothingRelevant, StringComparison.Ordinal)).DistinctBy(k => k.SourceNumber).ToList();
        return unreadable.Count < sources
            ? null
            : new SourceTrouble(SourceTroubleKind.PagesUnreadable, $"{Counted(sources, "page was", "pages were")} found and none could be read: {Reasons(unreadable.Select(k => k.Reason.TrimEnd('.')))}.");
    }

    /// <summary>The report of a run with no usable source: it says so, and why.</summary>
    public static string Compose(string question, SourceTrouble trouble)
    {
        ArgumentNullException.ThrowIfNull(trouble);
        var fix = trouble.Kind switch
        {
            SourceTroubleKind.SearchesFailed => "Check the search provider's settings and key, or search a local corpus (--corpus DIR).",
            SourceTroubleKind.PagesUnreadable => "Search sources the run may read (the address policy refuses private and local addresses), or a local corpus.",
            _ => "Search sources the run may read, or a local corpus (--corpus DIR).",
        };
        return new StringBuilder()
            .Append("# ").Append(Words.NormalizeSpace(question)).Append("\n\n")
            .Append("## ").Append(Heading).Append("\n\n")
            .Append(Verdict).Append(' ').Append(trouble.Explanation).Append(' ').Append(fix).Append('\n')
            .ToString();
    }

    private static string Reasons(IEnumerable<string> reasons)
    {
        var counted = reasons.GroupBy(r => r, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.Key : string.Create(CultureInfo.InvariantCulture, $"{g.Key} (×{g.Count()})"))
            .ToList();
        var shown = string.Join("; ", counted.Take(ReasonsShown));
        return counted.Count > ReasonsShown ? shown + string.Create(CultureInfo.InvariantCulture, $"; and {counted.Count - ReasonsShown} other reasons") : shown;
    }

    private static string Counted(int n, string one, string? many = null) =>
        n == 1 ? $"1 {one}" : string.Create(CultureInfo.InvariantCulture, $"{n} {many ?? one + "es"}");
}
