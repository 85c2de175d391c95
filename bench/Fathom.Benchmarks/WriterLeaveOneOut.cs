using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fathom.Composition;
using Fathom.Events;
using Fathom.Models.Extractive;
using Fathom.Reading;
using Fathom.Relevance;
using Fathom.Research;
using Fathom.Sources;
using Microsoft.Extensions.AI;

namespace Fathom.Benchmarks;

/// <summary>
/// Chooses the extractive writer's constants by leave-one-out over the shared research questions and
/// reports the held-out scores. Each question is researched once, in one process over one hybrid
/// index (built once and kept in the temp folder between invocations); then every setting of a small
/// grid (<see cref="ExtractiveOptions.MinGain"/> and <see cref="ExtractiveOptions.StopShare"/>, where the report stops, and
/// <see cref="RelevanceThresholds.Sentence"/>, which sentences may be reported) writes and verifies a
/// report from the same findings, and each report is scored by the shared scorer (<c>eval_research.py</c>). Then, for each question in turn, the setting
/// is chosen on the other four and the held-out question is scored with it. The rule that chooses:
/// the shortest reports (fewest words on average) whose mean key-point recall is within
/// <see cref="Tolerance"/> of the best setting's, so that length follows the evidence instead of the
/// budget; a setting that breaks a hard line (an unresolved citation, a quote not verbatim, support
/// below 0.95) on any training question is never chosen. The shipped defaults are the same rule over
/// all five (the held-out figures estimate how that choice does on questions it did not see).
/// The questions the corpus does not cover are then run with the shipped setting, to check they
/// still get a short "not covered" report.
/// </summary>
internal static class WriterLeaveOneOut
{
    /// <summary>Mean key-point recall a shorter setting may give up against the best one on the training questions.</summary>
    private const double Tolerance = 0.02;

    private static readonly double[] StopShares = [0, 0.125];
    private static readonly double[] SentenceThresholds = [0.2];
    private static readonly double[] MinGains = [0, 0.15, 0.2, 0.22, 0.24, 0.26, 0.28, 0.3, 0.33, 0.36];

    private static readonly string[] OffTopic =
    [
        "Research the application of artificial intelligence in education",
        "how do coral reefs recover after bleaching events",
        "what is the best way to train a puppy to stop biting",
        "how does quantum error correction work",
        "what were the causes of the fall of the Roman Empire",
    ];

    private sealed record Setting(double StopShare, double Sentence, double MinGain)
    {
        public ExtractiveOptions Options => new() { StopShare = StopShare, MinGain = MinGain };

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"StopShare {StopShare}, Sentence {Sentence}, MinGain {MinGain}");
    }

    private sealed record Score(double Kpr, int Words, int Unresolved, double Verbatim, double Supported, int References, double Seconds, string Headings)
    {
        public bool Holds => Unresolved == 0 && Verbatim >= 1.0 && Supported >= 0.95 && Words <= 2500;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var corpus = SharedData.ResearchCorpus;
        var indexPath = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "fathom-bench-research-hybrid.db");
        var questions = File.ReadLines(SharedData.ResearchQueries).Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Id: e.GetProperty("id").GetString()!, Query: e.GetProperty("query").GetString()!))
            .ToList();
        var work = Directory.CreateTempSubdirectory("fathom-loo-");
        try
        {
            var build = Stopwatch.StartNew();
            using (var index = await EngineFactory.OpenCorpusAsync(corpus, indexPath, null, null, CancellationToken.None, SharedEmbedder.BuiltIn))
            {
                Console.WriteLine($"index {indexPath}: {index.DocumentCount} documents, ready in {build.Elapsed.TotalSeconds:F1} s (built once, then reused)");
            }

            // The research (plan, rounds, reading) does not depend on the writer's constants: it is run once
            // per question, and every setting of the grid then writes from the same findings.
            var memo = new MemoizingEmbedder(SharedEmbedder.BuiltIn);
            var settings = (from stop in StopShares from sentence in SentenceThresholds from gain in MinGains select new Setting(stop, sentence, gain)).ToList();
            var scores = new Dictionary<(Setting, string), Score>();
            var recorder = new WriteRecorder(new ExtractiveResearchModel(new ExtractiveOptions(), new RelevanceScorer(memo)));
            using (var handle = await EngineFor(recorder, corpus, indexPath, memo))
            {
                foreach (var (id, query) in questions)
                {
                    var (_, seconds) = await RunOnceAsync(handle.Engine, query);
                    var snapshot = recorder.Last!;
                    var writing = Stopwatch.StartNew();
                    foreach (var setting in settings)
                    {
                        var writer = new ExtractiveResearchModel(
                            setting.Options,
                            new RelevanceScorer(memo, RelevanceThresholds.Default with { Sentence = setting.Sentence }));
                        var (report, references) = await WriteAndVerifyAsync(writer, snapshot, memo);
                        scores[(setting, id)] = Scored(query, report, references, id, seconds, work.FullName);
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id}: research {seconds:F1} s, {settings.Count} reports written, verified and scored in {writing.Elapsed.TotalSeconds:F1} s; kpr/words by stop/sentence/gain: {string.Join("; ", settings.Select(s => $"{s.StopShare}/{s.Sentence}/{s.MinGain} {scores[(s, id)].Kpr:F3} {scores[(s, id)].Words}"))}"));
                }
            }

            Console.WriteLine();
            Console.WriteLine("| held out | setting chosen on the other four | kpr | words | unresolved | quotes_verbatim | supported | references | run (s) |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            var held = new List<Score>();
            foreach (var (id, query) in questions)
            {
                var chosen = Choose(settings, scores, questions.Where(q => q.Id != id).Select(q => q.Id).ToList());
                var s = scores[(chosen, id)];
                held.Add(s);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {id} ({query}) | {chosen} | {s.Kpr:F3} | {s.Words} | {s.Unresolved} | {s.Verbatim} | {s.Supported} | {s.References} | {s.Seconds:F1} |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"leave-one-out mean kpr {held.Average(s => s.Kpr):F3} (min {held.Min(s => s.Kpr):F3}), mean words {held.Average(s => s.Words):F0}"));
            var shipped = Choose(settings, scores, questions.Select(q => q.Id).ToList());
            Console.WriteLine($"chosen on all five (the defaults to ship): {shipped}");
            foreach (var (id, query) in questions)
            {
                var chosen = Choose(settings, scores, questions.Where(q => q.Id != id).Select(q => q.Id).ToList());
                Console.WriteLine($"headings, held out {id} ({query}): {scores[(chosen, id)].Headings}");
            }

            Console.WriteLine();
            Console.WriteLine("| question the corpus does not cover | words | relevant_sources | addresses_question |");
            Console.WriteLine("|---|---|---|---|");
            var shippedModel = new ExtractiveResearchModel(
                shipped.Options,
                new RelevanceScorer(memo, RelevanceThresholds.Default with { Sentence = shipped.Sentence }));
            using (var handle = await EngineFor(shippedModel, corpus, indexPath, memo))
            {
                foreach (var query in OffTopic)
                {
                    var (result, _) = await RunOnceAsync(handle.Engine, query);
                    Console.WriteLine($"| {query} | {Fathom.Text.Words.Count(Body(result.Report))} | {result.RelevantSources} | {result.AddressesQuestion.ToString().ToLowerInvariant()} |");
                }
            }

            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The setting with the shortest reports among those within <see cref="Tolerance"/> of the best mean kpr on <paramref name="training"/>.</summary>
    private static Setting Choose(List<Setting> settings, Dictionary<(Setting, string), Score> scores, List<string> training)
    {
        var valid = settings.Where(s => training.All(id => scores[(s, id)].Holds)).ToList();
        var pool = valid.Count > 0 ? valid : settings;
        var kpr = pool.ToDictionary(s => s, s => training.Average(id => scores[(s, id)].Kpr));
        var best = kpr.Values.Max();
        return pool.Where(s => kpr[s] >= best - Tolerance)
            .OrderBy(s => training.Average(id => scores[(s, id)].Words))
            .ThenByDescending(s => kpr[s])
            .First();
    }

    private static Task<EngineHandle> EngineFor(IResearchModel model, string corpus, string indexPath, IEmbeddingGenerator<string, Embedding<float>> embedder) =>
        EngineFactory.CreateAsync(new EngineOptions { Model = model, CorpusDirectory = corpus, IndexPath = indexPath, Embedder = embedder });

    /// <summary>What the engine does after the writer: verification against the run's findings, then numbering 1..n.</summary>
    private static async Task<(string Report, IReadOnlyList<Reference> References)> WriteAndVerifyAsync(IResearchModel writer, RunSnapshot snapshot, IEmbeddingGenerator<string, Embedding<float>> embedder)
    {
        var draft = (await writer.WriteAsync(snapshot, CancellationToken.None)).Value;
        var registry = new SourceRegistry();
        foreach (var card in snapshot.Sources)
        {
            registry.Restore(card);
        }

        registry.AddFindings(snapshot.Findings);
        var verified = ReferenceNumbering.Apply(await ReportVerifier.VerifyAsync(draft.Markdown, registry, snapshot.Request.Limits.ReportWordBudget, embedder, CancellationToken.None));
        return (verified.Markdown, verified.References);
    }

    private static async Task<(ResearchResult Result, double Seconds)> RunOnceAsync(ResearchEngine engine, string query)
    {
        var watch = Stopwatch.StartNew();
        var events = new List<ResearchEvent>();
        await foreach (var e in engine.RunAsync(new ResearchRequest { Question = query, AllowClarification = false }))
        {
            events.Add(e);
        }

        return (ResearchResult.Fold(events), watch.Elapsed.TotalSeconds);
    }

    /// <summary>Scores a report with the shared scorer, written as <c>fathom research --out r.json</c> writes it.</summary>
    private static Score Scored(string question, string report, IReadOnlyList<Reference> references, string id, double seconds, string work)
    {
        var path = Path.Combine(work, id + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            question,
            report,
            references = references.Select(r => new { index = r.Index, url = r.Url, title = r.Title, quotes = r.Quotes }),
        }));
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(SharedData.Root, "tools", "eval_research.py"), Path.Combine(SharedData.Root, "data", "research"), id, path })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"eval_research.py failed on {id}: {process.StandardError.ReadToEnd()}");
        }

        var e = JsonDocument.Parse(output).RootElement;
        return new Score(e.GetProperty("kpr").GetDouble(), e.GetProperty("words").GetInt32(), e.GetProperty("unresolved").GetInt32(),
            e.GetProperty("quotes_verbatim").GetDouble(), e.GetProperty("supported").GetDouble(), e.GetProperty("references").GetInt32(), seconds,
            string.Join(" | ", report.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal) && l != "## References").Select(l => l[3..])));
    }

    /// <summary>Passes every stage to the model and keeps the run as the writer last saw it.</summary>
    private sealed class WriteRecorder(IResearchModel inner) : IResearchModel
    {
        public RunSnapshot? Last { get; private set; }

        public ModelInfo Info => inner.Info;

        public Task<StageResult<Clarification>> ClarifyAsync(RunSnapshot run, CancellationToken cancellationToken) => inner.ClarifyAsync(run, cancellationToken);

        public Task<StageResult<ResearchPlan>> PlanAsync(RunSnapshot run, CancellationToken cancellationToken) => inner.PlanAsync(run, cancellationToken);

        public Task<StageResult<RoundPlan>> PlanRoundAsync(RunSnapshot run, int round, CancellationToken cancellationToken) => inner.PlanRoundAsync(run, round, cancellationToken);

        public Task<StageResult<PageLearning>> LearnAsync(RunSnapshot run, ReadPage page, SourceCard source, CancellationToken cancellationToken) => inner.LearnAsync(run, page, source, cancellationToken);

        // The grid's writers write from what is kept here; the run itself needs no report.
        public Task<StageResult<DraftReport>> WriteAsync(RunSnapshot run, CancellationToken cancellationToken)
        {
            Last = run;
            return Task.FromResult(StageResult.Of(new DraftReport("# " + run.Request.Question + "\n")));
        }
    }

    /// <summary>The built-in embedder with every vector kept, so the grid's writers embed each sentence once.</summary>
    private sealed class MemoizingEmbedder(IEmbeddingGenerator<string, Embedding<float>> inner) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly Dictionary<string, Embedding<float>> _seen = new(StringComparer.Ordinal);

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToList();
            var missing = texts.Where(t => !_seen.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                var made = await inner.GenerateAsync(missing, options, cancellationToken);
                for (var i = 0; i < missing.Count; i++)
                {
                    _seen[missing[i]] = made[i];
                }
            }

            return new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => _seen[t]));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose()
        {
        }
    }

    private static string Body(string report)
    {
        var at = report.IndexOf("\n## References", StringComparison.Ordinal);
        return at < 0 ? report : report[..at];
    }
}
