using System.Globalization;
using Fathom.Models.Extractive;
using Fathom.Reading.Documents;
using Fathom.Relevance;
using Fathom.Search.Local;

namespace Fathom.Benchmarks;

/// <summary>
/// Chooses the relevance test's constants by leave-one-out over labelled questions: the five shared
/// research questions and questions of the same topics written apart from them (covered), and
/// questions the research corpus does not cover. For each held-out question the lexical weight and
/// the threshold are chosen on all the others (the threshold halfway between the classes' closest
/// evidence), then the held-out question is judged; the held-out accuracy is what is reported.
/// </summary>
internal static class RelevanceMeasurement
{
    private static readonly (string Question, bool Covered)[] Questions =
    [
        ("is the covid vaccine dangerous", true),
        ("is the vaccine dangerous", true),
        ("why gas prices are so high", true),
        ("is race a social construct", true),
        ("why startups fail", true),
        ("what side effects have been reported after mRNA vaccination", true),
        ("how do oil supply and refinery capacity affect what drivers pay for fuel", true),
        ("is there a biological basis for racial categories", true),
        ("what are the most common reasons new businesses run out of money", true),
        ("do vaccines cause autism", true),
        ("Research the application of artificial intelligence in education", false),
        ("how do coral reefs recover after bleaching events", false),
        ("what is the best way to train a puppy to stop biting", false),
        ("how does quantum error correction work", false),
        ("what were the causes of the fall of the Roman Empire", false),
        ("how do I bake sourdough bread at home", false),
        ("what are the health benefits of drinking green tea", false),
        ("how do electric car batteries degrade over time", false),
    ];

    private static readonly double[] LexicalWeights = [0, 0.25, 0.5, 1.0];

    public static async Task<int> RunAsync(string[] args)
    {
        var corpus = args.Length > 0 ? args[0] : SharedData.ResearchCorpus;
        var indexPath = Path.Combine(Path.GetTempPath(), $"fathom-relevance-{Guid.NewGuid():N}.db");
        try
        {
            using var index = LocalIndex.Open(indexPath);
            await index.UpdateAsync(corpus, new DocumentLoader());
            var reader = new CandidateReader(new ExtractiveOptions());
            var features = new List<(string Question, bool Covered, List<(double Cosine, double Lexical)> Sentences)>();
            foreach (var (question, covered) in Questions)
            {
                var stems = Concepts.ContentStems(question);
                var sentences = new List<string>();
                var number = 0;
                foreach (var hit in index.Search(question, 6))
                {
                    var doc = index.Find(hit.Url)!;
                    sentences.AddRange(reader.Read(++number, doc.Text, stems).Where(c => reader.Quotable(c.Text)).Select(c => c.Text));
                }

                var cosines = await new RelevanceScorer(SharedEmbedder.BuiltIn, new RelevanceThresholds { LexicalWeight = 0 }).ScoreLikeliestAsync(question, sentences, CancellationToken.None);
                features.Add((question, covered, sentences.Select((s, i) => (cosines[i], RelevanceScorer.Lexical(stems, s))).Where(p => !double.IsNaN(p.Item1)).ToList()));
            }

            var evidenceSentences = RelevanceThresholds.Default.EvidenceSentences;
            double Evidence(int q, double w) => features[q].Sentences.Count == 0
                ? 0
                : features[q].Sentences.Select(s => s.Cosine + (w * s.Lexical)).OrderDescending().Take(evidenceSentences).Average();

            Console.WriteLine("| question | covered | evidence (w chosen) | w | threshold | held-out verdict |");
            Console.WriteLine("|---|---|---|---|---|---|");
            var right = 0;
            for (var held = 0; held < features.Count; held++)
            {
                var (w, threshold, _) = LexicalWeights
                    .Select(weight => Fit(Enumerable.Range(0, features.Count).Where(i => i != held).Select(i => (Evidence(i, weight), features[i].Covered)).ToList(), weight))
                    .OrderByDescending(f => f.Accuracy).ThenByDescending(f => f.Margin).Select(f => (f.Weight, f.Threshold, f.Accuracy)).First();
                var evidence = Evidence(held, w);
                var verdict = evidence >= threshold;
                right += verdict == features[held].Covered ? 1 : 0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {features[held].Question} | {features[held].Covered} | {evidence:F3} | {w} | {threshold:F3} | {(verdict == features[held].Covered ? "right" : "WRONG")} |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"leave-one-out accuracy: {right}/{features.Count}"));
            var all = LexicalWeights.Select(weight => Fit(Enumerable.Range(0, features.Count).Select(i => (Evidence(i, weight), features[i].Covered)).ToList(), weight))
                .OrderByDescending(f => f.Accuracy).ThenByDescending(f => f.Margin).First();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fit on all (the shipped constants): w = {all.Weight}, threshold = {all.Threshold:F3}, accuracy {all.Accuracy:F3}, margin {all.Margin:F3}"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(indexPath);
        }
    }

    /// <summary>The threshold that best separates the labelled evidence: halfway across the widest gap that classifies most right.</summary>
    private static (double Weight, double Threshold, double Accuracy, double Margin) Fit(List<(double Evidence, bool Covered)> data, double weight)
    {
        var sorted = data.OrderBy(d => d.Evidence).ToList();
        var best = (Weight: weight, Threshold: 0.0, Accuracy: -1.0, Margin: -1.0);
        for (var cut = 0; cut <= sorted.Count; cut++)
        {
            var low = cut == 0 ? sorted[0].Evidence - 0.1 : sorted[cut - 1].Evidence;
            var high = cut == sorted.Count ? sorted[^1].Evidence + 0.1 : sorted[cut].Evidence;
            var threshold = (low + high) / 2;
            var accuracy = sorted.Count(d => (d.Evidence >= threshold) == d.Covered) / (double)sorted.Count;
            var margin = high - low;
            if (accuracy > best.Accuracy || (accuracy == best.Accuracy && margin > best.Margin))
            {
                best = (weight, threshold, accuracy, margin);
            }
        }

        return best;
    }
}
