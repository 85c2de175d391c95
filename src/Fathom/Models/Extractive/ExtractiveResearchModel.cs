using System.Globalization;
using Fathom.Reading;
using Fathom.Relevance;
using Fathom.Research;
using Fathom.Search;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Models.Extractive;

/// <summary>
/// The built-in research model: classical retrieval and extractive summarisation, no language
/// model, no network of its own, no weights. It plans from the question's aspects as the first
/// pages found reveal them, widens its queries round by round with pseudo-relevance feedback,
/// keeps from each page the sentences that cover most of what the page says about the question,
/// and writes a report of verbatim sentences chosen across all sources to cover the most
/// concepts that the most sources state, within the word budget. The same input always gives
/// the same report. A relevance test (<see cref="RelevanceScorer"/>) keeps sentences that do not
/// address the question out of the outline and the report, and when nothing does, the report says so.
/// </summary>
public sealed class ExtractiveResearchModel(ExtractiveOptions? options = null, RelevanceScorer? relevance = null) : IResearchModel
{
    /// <summary>The model's name in events and on the command line.</summary>
    public const string ModelName = "extractive";

    /// <summary>Words of a summary report.</summary>
    public const int SummaryWords = 600;

    private readonly ExtractiveOptions _options = options ?? new ExtractiveOptions();
    private readonly RelevanceScorer _relevance = relevance ?? new RelevanceScorer(SharedEmbedder.BuiltIn);

    /// <inheritdoc />
    public ModelInfo Info { get; } = new(ModelName, IsLanguageModel: false);

    /// <inheritdoc />
    /// <remarks>
    /// Without a language model there is no judging what is ambiguous, so it asks what any
    /// researcher would: which of the aspects the first pages reveal matter most, what scope, and
    /// how long a report. The run is skipped past this when clarifying is off or already answered.
    /// </remarks>
    public async Task<StageResult<Clarification>> ClarifyAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        var (_, aspects, _) = await SurveyAsync(run, cancellationToken);
        List<string> questions =
        [
            aspects.Count > 0
                ? $"The first sources discuss this in terms of {string.Join(", ", aspects.Select(a => a.Surface))}. Which of these matter most to you, or should the report cover them all?"
                : "Which aspects of the question matter most to you?",
            "Should the research focus on a particular period, place, group or kind of source?",
            "Do you want a detailed report with sections, or a short summary?",
        ];
        var text = "To research this well, a few questions first:\n" + string.Join('\n', questions.Select((q, i) => $"{i + 1}. {q}"));
        return StageResult.Of(new Clarification(text, questions));
    }

    /// <inheritdoc />
    /// <remarks>Searches the question, reads the first pages, and takes the phrases most of them share as the outline's aspects.</remarks>
    public async Task<StageResult<ResearchPlan>> PlanAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        var question = Words.Headline(run.Request.Question).TrimEnd('.', '?', '!', ' ');
        var (pages, aspects, addressed) = await SurveyAsync(run, cancellationToken);
        var outline = aspects.Select(Heading).Append(ReportComposer.FurtherFindings).ToList();
        var focus = string.IsNullOrWhiteSpace(run.Request.ClarificationAnswer) ? "" : $" The reader asked: {Words.Headline(run.Request.ClarificationAnswer)}";
        var brief = pages > 0 && !addressed
            ? $"Find what the sources say about {question}.{focus} The first {pages} pages found do not appear to address it, so the research searches the question's own words; if nothing closer turns up, the report says that the sources do not cover it."
            : pages == 0
            ? $"Find what the sources say about {question}.{focus} A first search found nothing to read, so the research starts from the question alone."
            : $"Find what the sources say about {question}.{focus} "
              + (aspects.Count == 0
                  ? $"1. Search the question and read the {pages} pages a first search found. "
                  : $"1. Search the question and its aspects the first {pages} pages raise: {string.Join(", ", aspects.Select(a => a.Surface))}. ")
              + "2. Keep from each page the passages on the question. 3. Follow up, round by round, on the terms those passages share, until a round finds nothing new. "
              + "4. Write the report with a section per aspect, every sentence quoted from its source and cited.";
        return StageResult.Of(new ResearchPlan(brief, outline));
    }

    /// <inheritdoc />
    /// <remarks>Round 1 searches the question and its aspects; later rounds add terms fed back from the findings, until a round adds nothing.</remarks>
    public async Task<StageResult<RoundPlan>> PlanRoundAsync(RunSnapshot run, int round, CancellationToken cancellationToken)
    {
        var question = Words.Headline(run.Request.Question);
        var limits = run.Request.Limits;
        if (round == 1 || run.Rounds.Count == 0)
        {
            var aspects = (run.Plan?.Outline ?? []).Where(h => h != ReportComposer.FurtherFindings).ToList();
            var queries = aspects.Select(a => $"{question} {a.ToLowerInvariant()}").Prepend(question).Take(Math.Min(limits.QueriesPerRound, _options.FirstRoundQueries)).ToList();
            var goal = queries.Count > 1 ? $"Survey the question and its aspects: {string.Join(", ", aspects)}." : "Survey the question.";
            return StageResult.Of(new RoundPlan(goal, queries));
        }

        if (run.Rounds[^1].NewFindings == 0)
        {
            return StageResult.Of(RoundPlan.Stop("The last round found nothing new."));
        }

        // Feedback terms, best first; each becomes a query only if a probe shows it reaching pages
        // not read yet (a query that finds only known pages would waste the round).
        var searched = run.QueriesSoFar.SelectMany(Concepts.ContentStems).ToHashSet(StringComparer.Ordinal);
        var findings = run.Findings.Select(f => (f.SourceNumber, f.Quote)).ToList();
        var chosen = new List<ExpansionTerm>();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in TermExpansion.Rank(findings, searched, pairs: false).Take(_options.ProbedTerms))
        {
            if (chosen.Count >= limits.QueriesPerRound)
            {
                break;
            }

            var hits = await run.Lookup.SearchAsync($"{question} {term.Surface}", limits.ResultsPerQuery, cancellationToken);
            var reachesMore = false;
            foreach (var hit in hits.Where(h => !run.HasSource(h.Url)))
            {
                reachesMore |= reached.Add(UrlKey.Canonical(hit.Url));
            }

            if (reachesMore)
            {
                chosen.Add(term);
            }
        }

        if (chosen.Count == 0)
        {
            return StageResult.Of(RoundPlan.Stop("No feedback term reaches a page not read yet."));
        }

        return StageResult.Of(new RoundPlan(
            $"Follow up on terms the sources read so far share: {string.Join(", ", chosen.Select(t => t.Surface))}.",
            chosen.Select(t => $"{question} {t.Surface}").ToList()));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Keeps the page's sentences that, one after another, add the most concepts not yet kept
    /// (weighted towards the question's), so a page gives its distinct points rather than one point
    /// many times. A page that never speaks of the question gives nothing.
    /// </remarks>
    public Task<StageResult<PageLearning>> LearnAsync(RunSnapshot run, ReadPage page, SourceCard source, CancellationToken cancellationToken)
    {
        var question = run.Request.FullQuestion;
        var questionStems = Concepts.ContentStems(question);
        var candidates = new CandidateReader(_options).Read(source.Number, page.Text, questionStems);
        if (!candidates.Any(c => c.Prior >= 1.0 || Concepts.ContentStems(c.Text).Overlaps(questionStems)))
        {
            return Task.FromResult(StageResult.Of(new PageLearning("Nothing on the question.", [])));
        }

        var weights = Weights(candidates, Concepts.Of(question), perSource: false);
        var picked = new CoverageSelector(_options).Select(candidates, weights, int.MaxValue, _options.FindingsPerPage);
        var findings = picked
            .Select((index, rank) => (Candidate: candidates[index], Rank: rank))
            .OrderBy(p => p.Candidate.Position)
            .Select(p => new Finding(source.Number, p.Candidate.Text, p.Candidate.Text, Math.Round(1.0 - (double)p.Rank / picked.Count, 3), p.Candidate.Position))
            .ToList();
        var summary = findings.Count == 0
            ? "Nothing on the question."
            : $"{findings.Count.ToString(CultureInfo.InvariantCulture)} passages; foremost: {Shorten(candidates[picked[0]].Text)}";
        return Task.FromResult(StageResult.Of(new PageLearning(summary, findings)));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Chooses, from every finding of every source, the sentences that cover the most concepts,
    /// each concept weighted by the number of sources that state it (what several sources say
    /// matters more), within the word budget less the title, disclosure and headings.
    /// </remarks>
    public async Task<StageResult<DraftReport>> WriteAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        var request = run.Request;
        var questionStems = Concepts.ContentStems(request.FullQuestion);
        var reader = new CandidateReader(_options);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var candidates = run.Findings
            .OrderBy(f => f.SourceNumber)
            .ThenBy(f => f.Position)
            .Where(f => reader.Quotable(f.Quote) && seen.Add(CandidateReader.Key(f.Quote)))
            .Select(f => reader.Make(f.SourceNumber, f.Position, f.Quote, questionStems))
            .ToList();

        // Relevance decides first whether there is anything to report, then which sentences may be in it.
        var scores = await _relevance.ScoreLikeliestAsync(request.Question, candidates.Select(c => c.Text).ToList(), cancellationToken);
        if (!_relevance.Addresses(scores))
        {
            var closest = candidates.Count == 0 ? null : candidates[Array.IndexOf(scores, scores.Where(x => !double.IsNaN(x)).DefaultIfEmpty(double.NaN).Max())];
            return StageResult.Of(new DraftReport(NotCoveredReport.Compose(request.Question, run.Sources.Count, closest), AddressesQuestion: false));
        }

        // Then every candidate is judged, not only the likeliest: a sentence that shares no word with the
        // question may still be on it, and one that shares a word may be about something else (the
        // likeliest are cached from the test above, so this embeds the rest once).
        scores = await _relevance.ScoreAsync(request.Question, candidates.Select(c => c.Text).ToList(), cancellationToken);
        IReadOnlyList<string> outline = run.Plan?.Outline is { Count: > 0 } o ? o : [ReportComposer.FurtherFindings];
        // A section of the plan (a person may have added it while reviewing) is part of what the report
        // answers: a sentence that names a section's subject is kept even if the question does not name it.
        var sectionStems = outline.Select(Concepts.ContentStems).Where(h => h.Count > 0).ToList();
        var kept = candidates.Select((c, i) => (Candidate: c, Score: scores[i])).Where(p => _relevance.Keeps(p.Score) || NamesASection(p.Candidate.Text, sectionStems)).ToList();
        candidates = kept.Select(p => p.Candidate).ToList();
        var wordBudget = request.Style == ReportStyle.Summary ? Math.Min(request.Limits.ReportWordBudget, SummaryWords) : request.Limits.ReportWordBudget;
        var budget = (int)(wordBudget * (1 - _options.BudgetMargin)) - ReportComposer.Overhead(request.Question, outline) - FoundSectionsOverhead;
        var weights = Weights(candidates, Concepts.Of(request.FullQuestion), perSource: true);
        // The stop rules keep a detailed report from padding its budget; a summary's budget is already
        // what little the reader asked for.
        var detailed = request.Style != ReportStyle.Summary;
        var stopShare = detailed ? _options.StopShare : 0;
        var texts = candidates.Select(c => c.Text).ToList();
        var vectors = await _relevance.EmbedAsync(texts, cancellationToken);
        Func<int, IReadOnlyList<int>, bool>? accepts = null;
        if (detailed && _options.MinGain > 0)
        {
            var gain = new MarginalGain(await RelevanceToReportAsync(kept, outline, cancellationToken), vectors);
            accepts = (i, taken) => gain.Of(i, taken) >= _options.MinGain;
        }

        var picked = new CoverageSelector(_options).Select(candidates, weights, Math.Max(0, budget), stopShare: stopShare, accepts: accepts);
        var chosen = picked.Select(i => candidates[i]).ToList();
        var sections = await SectionsAsync(outline, chosen, cancellationToken);
        if (detailed && run.Plan?.Reviewed != true)
        {
            // A heading over one sentence is not a section (a word the heading shares with one sentence,
            // often in another sense): the sentence joins what fits no heading.
            var sizes = sections.CountBy(x => x).ToDictionary(p => p.Key, p => p.Value);
            sections = sections.Select(x => sizes[x] < 2 ? outline.Count - 1 : x).ToArray();
        }

        // A plan a person reviewed fixes the sections; otherwise the report's own sentences may add some.
        (outline, sections) = run.Plan?.Reviewed == true ? (outline, sections) : await FoundSectionsAsync(request, outline, PhraseGrammar.Of(texts), chosen, picked.Select(i => vectors[i]).ToList(), sections, cancellationToken);
        return StageResult.Of(new DraftReport(ReportComposer.Compose(request.Question, outline, chosen, sections)));
    }

    /// <summary>Words held back for the headings of sections found in the report's own sentences.</summary>
    private int FoundSectionsOverhead => _options.MaxFoundSections * (NounPhrases.MaxWords + 2);

    /// <summary>
    /// Each kept candidate's relevance to what the report answers: to the question, or for a sentence
    /// kept because it names a section of the plan, to that section when it fits better.
    /// </summary>
    private async Task<double[]> RelevanceToReportAsync(List<(Candidate Candidate, double Score)> kept, IReadOnlyList<string> outline, CancellationToken cancellationToken)
    {
        var relevance = kept.Select(p => p.Score).ToArray();
        foreach (var heading in outline.Where(h => Concepts.ContentStems(h).Count > 0))
        {
            var stems = Concepts.ContentStems(heading);
            var naming = kept.Select((p, i) => i).Where(i => stems.IsSubsetOf(Concepts.ContentStems(kept[i].Candidate.Text))).ToList();
            if (naming.Count == 0)
            {
                continue;
            }

            var fit = await _relevance.ScoreAsync(heading, naming.Select(i => kept[i].Candidate.Text).ToList(), cancellationToken);
            for (var k = 0; k < naming.Count; k++)
            {
                relevance[naming[k]] = Math.Max(double.IsNaN(relevance[naming[k]]) ? 0 : relevance[naming[k]], fit[k]);
            }
        }

        return relevance;
    }

    /// <summary>
    /// Gives the sentences left under "Further findings" sections of their own where they form groups a
    /// noun phrase names (<see cref="SectionClusters"/>): the new headings go before "Further findings".
    /// </summary>
    private async Task<(IReadOnlyList<string> Outline, int[] Sections)> FoundSectionsAsync(ResearchRequest request, IReadOnlyList<string> outline, PhraseGrammar grammar, List<Candidate> chosen, List<float[]> vectors, int[] sections, CancellationToken cancellationToken)
    {
        if (outline.Count == 0 || outline[^1] != ReportComposer.FurtherFindings)
        {
            return (outline, sections);
        }

        var rest = Enumerable.Range(0, chosen.Count).Where(i => sections[i] == outline.Count - 1).ToList();
        var found = await new SectionClusters(_options).NameAsync(
            rest.Select(i => chosen[i].Text).ToList(),
            rest.Select(i => vectors[i]).ToList(),
            grammar,
            Concepts.ContentStems(request.FullQuestion),
            outline,
            texts => _relevance.EmbedAsync(texts, cancellationToken));
        if (found.Count == 0)
        {
            return (outline, sections);
        }

        var widened = outline.Take(outline.Count - 1).Concat(found.Select(f => f.Heading)).Append(ReportComposer.FurtherFindings).ToList();
        var remapped = sections.Select(s => s == outline.Count - 1 ? widened.Count - 1 : s).ToArray();
        for (var f = 0; f < found.Count; f++)
        {
            foreach (var member in found[f].Members)
            {
                remapped[rest[member]] = outline.Count - 1 + f;
            }
        }

        return (widened, remapped);
    }

    private static bool NamesASection(string text, List<HashSet<string>> sectionStems)
    {
        var stems = Concepts.ContentStems(text);
        return sectionStems.Any(h => h.IsSubsetOf(stems));
    }

    /// <summary>
    /// The section of each chosen sentence: the heading whose words it contains, else the heading it
    /// is closest to by the relevance test (meaning and words, the heading taken as the question) when
    /// that reaches <see cref="ExtractiveOptions.SectionFit"/>, else the last section. Without this, a
    /// sentence that does not repeat a heading's words fell to the last section, and a short report
    /// was all "Further findings".
    /// </summary>
    private async Task<int[]> SectionsAsync(IReadOnlyList<string> outline, IReadOnlyList<Candidate> chosen, CancellationToken cancellationToken)
    {
        var sections = Enumerable.Repeat(outline.Count - 1, chosen.Count).ToArray();
        var best = Enumerable.Repeat(double.NegativeInfinity, chosen.Count).ToArray();
        var texts = chosen.Select(c => c.Text).ToList();
        var textStems = texts.Select(Concepts.ContentStems).ToList();
        for (var h = 0; h < outline.Count - 1; h++)
        {
            var stems = Concepts.ContentStems(outline[h]);
            var fit = await _relevance.ScoreAsync(outline[h], texts, cancellationToken);
            for (var i = 0; i < chosen.Count; i++)
            {
                // Containing the heading's words outranks any similarity.
                var score = stems.Count > 0 && stems.IsSubsetOf(textStems[i]) ? fit[i] + 10 : fit[i];
                if (score >= _options.SectionFit && score > best[i])
                {
                    (best[i], sections[i]) = (score, h);
                }
            }
        }

        return sections;
    }

    /// <summary>
    /// Concept weights: the number of sources stating a concept (or 1 each, within one page),
    /// boosted for the question's own concepts.
    /// </summary>
    private Dictionary<string, double> Weights(IReadOnlyList<Candidate> candidates, HashSet<string> questionConcepts, bool perSource)
    {
        var sources = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            foreach (var concept in candidate.Concepts)
            {
                (sources.TryGetValue(concept, out var set) ? set : sources[concept] = []).Add(candidate.Source);
            }
        }

        return sources.ToDictionary(
            p => p.Key,
            p => (perSource ? p.Value.Count : 1.0) * (questionConcepts.Contains(p.Key) ? _options.QuestionConceptBoost : 1.0),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Searches the question, reads the first pages, and returns how many were read, the aspects
    /// their relevant sentences share, and whether they address the question at all (if not, there
    /// are no aspects: fragments of unrelated pages make no headings and no clarifying questions).
    /// </summary>
    private async Task<(int Pages, List<ExpansionTerm> Aspects, bool Addressed)> SurveyAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        var questionStems = Concepts.ContentStems(run.Request.FullQuestion);
        var hits = await run.Lookup.SearchAsync(Words.Headline(run.Request.Question), run.Request.Limits.ResultsPerQuery, cancellationToken);
        var reader = new CandidateReader(_options);
        var sentences = new List<(int, string)>();
        var pages = 0;
        foreach (var hit in hits.Take(_options.PlanningPages))
        {
            if (await run.Lookup.ReadAsync(hit, cancellationToken) is { } page)
            {
                pages++;
                sentences.AddRange(reader.Read(pages, page.Text, questionStems).Select(c => (c.Source, c.Text)));
            }
        }

        var scores = await _relevance.ScoreLikeliestAsync(run.Request.Question, sentences.Select(s => s.Item2).ToList(), cancellationToken);
        if (!_relevance.Addresses(scores))
        {
            return (pages, [], false);
        }

        var relevant = sentences.Where((_, i) => _relevance.Keeps(scores[i])).ToList();
        return (pages, Aspects(relevant, questionStems), true);
    }

    /// <summary>
    /// The aspects: the best-ranked noun phrases of the relevant sentences (<see cref="NounPhrases"/>,
    /// used by several sources), no two sharing a word besides the question's own, so each heads a
    /// section of its own ("Lack of funding", "Side effects", "Refinery capacity").
    /// </summary>
    private List<ExpansionTerm> Aspects(List<(int, string)> sentences, HashSet<string> questionStems)
    {
        var aspects = new List<ExpansionTerm>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        // A phrase of several words names a thing ("refinery capacity"); a single word shared that widely
        // is mostly ordinary vocabulary ("year", "number"), so single words head sections only when
        // too few phrases are shared.
        var ranked = TermExpansion.RankPhrases(sentences, questionStems);
        var phrases = ranked.Where(t => t.Key.Contains(' ', StringComparison.Ordinal)).ToList();
        foreach (var term in phrases.Count >= 2 ? phrases : ranked)
        {
            if (aspects.Count >= _options.MaxAspects)
            {
                break;
            }

            var parts = term.Key.Split(' ').Where(p => !questionStems.Contains(p)).ToList();
            if (parts.Any(used.Contains))
            {
                continue;
            }

            used.UnionWith(parts);
            aspects.Add(term);
        }

        return aspects;
    }

    private static string Heading(ExpansionTerm term) => char.ToUpperInvariant(term.Surface[0]) + term.Surface[1..];

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..157].TrimEnd() + "…";
}
