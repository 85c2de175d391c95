using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;
using Fathom.Training;

// Trains the page extractor's models from the multi-type page set with k-fold cross-validation (folds
// by page, stratified by type), writes the cross-validated predictions for eval_pages.py, then trains
// on every page and writes the models the engine embeds. See docs/page-extraction.md.
var options = TrainingOptions.Parse(args);
var clock = Stopwatch.StartNew();
var pages = TrainingPage.Load(options.Data);
if (options.PerType is { } perType)
{
    pages = pages.GroupBy(p => p.Type).SelectMany(g => g.Take(perType)).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
}

if (args.Length == 2 && args[0] == "--dump")
{
    // Prints one page's blocks with their labels: for looking at what the labels say.
    var one = pages.Single(p => p.Id == args[1]);
    var a = PageAnalysis.Of(one.ReadHtml(), one.Url);
    var l = BlockLabels.Of(a.Blocks, one.MainContent);
    for (var b = 0; b < a.Blocks.Count; b++)
    {
        Console.WriteLine($"{(l[b] ? "+" : "-")}{(a.Blocks[b].InArticle ? "A" : " ")} {a.Blocks[b].Element.LocalName,-8} {a.Blocks[b].Text[..Math.Min(100, a.Blocks[b].Text.Length)]}");
    }

    return 0;
}

if (args.Length == 3 && args[0] == "--write-cv")
{
    // Writes the cross-validated predictions again from saved out-of-fold scores (no training).
    WriteCrossValidated(args[2], JsonSerializer.Deserialize<OutOfFold>(File.ReadAllText(args[1]))!);
    return 0;
}

var folds = TrainingPage.Folds(pages, options.Folds);
var analysed = new PageData[pages.Count];
Parallel.For(0, pages.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, i =>
{
    var page = pages[i];
    var analysis = PageAnalysis.Of(page.ReadHtml(), page.Url);
    var labels = BlockLabels.Of(analysis.Blocks, page.MainContent);
    var tokens = analysis.Blocks.Select(b => WordBag.Tokens(b.Text)).ToArray();
    analysed[i] = new PageData(analysis.Features, labels, tokens, WordBag.Count(WordBag.Tokens(page.MainContent)), analysis.TypeFeatures);
});
Console.WriteLine($"{pages.Count} pages analysed in {clock.Elapsed.TotalSeconds:F0} s ({analysed.Sum(p => p.Features.Length)} blocks, {BlockFeatures.Names.Length} features)");

var types = pages.Select(p => p.Type).Distinct().Order(StringComparer.Ordinal).ToArray();
var trainer = new FastTreeModels(options.Trees, options.Leaves, options.MinLeaf, options.LearningRate);
var typeTrainer = new FastTreeModels(100, 8, 5, 0.1);

// Out-of-fold block scores and page types: every page judged by models that never saw it.
var oofScores = new float[pages.Count][];
var oofTypes = new string[pages.Count];
for (var fold = 0; fold < options.Folds; fold++)
{
    var train = Enumerable.Range(0, pages.Count).Where(i => folds[i] != fold).ToList();
    var test = Enumerable.Range(0, pages.Count).Where(i => folds[i] == fold).ToList();
    var blockModel = TreeEnsemble.ReadAll(new StringReader(trainer.Train(BlockExamples(train), BlockFeatures.Names.Length, "block"))).Single();
    var typeModels = TrainTypes(train);
    foreach (var i in test)
    {
        oofScores[i] = analysed[i].Features.Select(f => blockModel.Score(f)).ToArray();
        oofTypes[i] = typeModels.MaxBy(m => m.Score(analysed[i].TypeFeatures))!.Label;
    }

    Console.WriteLine($"fold {fold + 1}/{options.Folds} trained ({clock.Elapsed.TotalSeconds:F0} s)");
}

// The threshold that maximises mean page F1 over the out-of-fold scores.
var threshold = BestThreshold(Enumerable.Range(0, pages.Count).ToList(), oofScores);
var oracle = analysed.Select(p => p.Labels.Select(l => l ? 1f : 0f).ToArray()).ToArray();
var typeAccuracy = Enumerable.Range(0, pages.Count).Count(i => oofTypes[i] == pages[i].Type) / (double)pages.Count;
Console.WriteLine($"cross-validated: threshold {threshold:F2}, block-token F1 {MeanF1(Enumerable.Range(0, pages.Count), oofScores, threshold):F4}, page-type accuracy {typeAccuracy:F3}");
foreach (var type in types)
{
    var ofType = Enumerable.Range(0, pages.Count).Where(i => pages[i].Type == type).ToList();
    Console.WriteLine($"  {type,-14} {ofType.Count,4} pages  block-token F1 {MeanF1(ofType, oofScores, threshold):F4} (labels: {MeanF1(ofType, oracle, 0.5f):F4})  type recall {ofType.Count(i => oofTypes[i] == type) / (double)ofType.Count:F3}");
}

if (options.CvPredictions is { } cvOut)
{
    File.WriteAllText(Path.ChangeExtension(cvOut, ".oof.json"), JsonSerializer.Serialize(new OutOfFold(threshold, pages.Select(p => p.Id).ToArray(), oofTypes, oofScores)));
    WriteCrossValidated(cvOut, new OutOfFold(threshold, pages.Select(p => p.Id).ToArray(), oofTypes, oofScores));
}

if (options.Models is { } modelDir)
{
    var all = Enumerable.Range(0, pages.Count).ToList();
    File.WriteAllText(Path.Combine(modelDir, "blocks.model"), trainer.Train(BlockExamples(all), BlockFeatures.Names.Length, "block", threshold));
    using var typesOut = new StreamWriter(Path.Combine(modelDir, "page-types.model"));
    foreach (var type in types)
    {
        typesOut.Write(typeTrainer.Train(TypeExamples(all, type), PageTypeFeatures.Names.Length, type));
    }

    Console.WriteLine($"models written to {modelDir} ({clock.Elapsed.TotalSeconds:F0} s)");
}

return 0;

// The text the extractor writes for each page from its out-of-fold block scores and page type: what eval_pages.py scores.
void WriteCrossValidated(string output, OutOfFold oof)
{
    var byId = pages.ToDictionary(p => p.Id, StringComparer.Ordinal);
    var predictions = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
    Parallel.For(0, oof.Ids.Length, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, i =>
    {
        var page = byId[oof.Ids[i]];
        var html = page.ReadHtml();
        var analysis = PageAnalysis.Of(html, page.Url);
        var type = Enum.Parse<Fathom.Reading.PageType>(oof.Types[i], ignoreCase: true);
        predictions[page.Id] = PageExtractor.WithFallback(PageExtractor.Compose(analysis, oof.Scores[i], oof.Threshold, type), html, page.Url).Text;
    });
    File.WriteAllText(output, JsonSerializer.Serialize(new SortedDictionary<string, string>(predictions, StringComparer.Ordinal)));
    File.WriteAllText(Path.ChangeExtension(output, ".types.json"), JsonSerializer.Serialize(oof.Ids.Zip(oof.Types).ToDictionary(p => p.First, p => p.Second)));
    Console.WriteLine($"cross-validated predictions written to {output}");
}

List<Example> BlockExamples(List<int> pageIndexes)
{
    var examples = new List<Example>();
    foreach (var i in pageIndexes)
    {
        var page = analysed[i];
        var total = page.Tokens.Sum(t => t.Count + 1);
        for (var b = 0; b < page.Features.Length; b++)
        {
            // Every page weighs the same, as in the page-averaged F1; within a page a block weighs its words.
            examples.Add(new Example { Label = page.Labels[b], Weight = 100f * (page.Tokens[b].Count + 1) / total, Features = page.Features[b] });
        }
    }

    return examples;
}

List<Example> TypeExamples(List<int> pageIndexes, string type) =>
    pageIndexes.Select(i => new Example { Label = pages[i].Type == type, Weight = 1, Features = analysed[i].TypeFeatures }).ToList();

List<TreeEnsemble> TrainTypes(List<int> pageIndexes) =>
    types.Select(t => TreeEnsemble.ReadAll(new StringReader(typeTrainer.Train(TypeExamples(pageIndexes, t), PageTypeFeatures.Names.Length, t))).Single()).ToList();

double MeanF1(IEnumerable<int> pageIndexes, float[][] scores, float cut) =>
    pageIndexes.Select(i =>
    {
        var page = analysed[i];
        var predicted = WordBag.Count(page.Tokens.Where((_, b) => scores[i][b] > cut).SelectMany(t => t));
        return WordBag.F1(predicted, page.Gold);
    }).DefaultIfEmpty(0).Average();

float BestThreshold(List<int> pageIndexes, float[][] scores)
{
    var best = 0f;
    var bestF1 = -1.0;
    for (var t = -12f; t <= 12f; t += 0.25f)
    {
        var f1 = MeanF1(pageIndexes, scores, t);
        if (f1 > bestF1)
        {
            (best, bestF1) = (t, f1);
        }
    }

    return best;
}

internal sealed record OutOfFold(float Threshold, string[] Ids, string[] Types, float[][] Scores);

internal sealed record PageData(float[][] Features, bool[] Labels, List<string>[] Tokens, Dictionary<string, int> Gold, float[] TypeFeatures);

internal sealed record TrainingOptions(string Data, string? Models, string? CvPredictions, int Folds, int? PerType, int Trees, int Leaves, int MinLeaf, double LearningRate, int Threads)
{
    public static TrainingOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var perType = Value("--per-type", "");
        return new TrainingOptions(
            Value("--data", Path.Combine("..", "shared", "data", "pages")),
            Value("--models", "") is { Length: > 0 } m ? m : null,
            Value("--cv-predictions", "") is { Length: > 0 } c ? c : null,
            Int("--folds", 5),
            perType.Length > 0 ? int.Parse(perType, CultureInfo.InvariantCulture) : null,
            Int("--trees", 200),
            Int("--leaves", 32),
            Int("--min-leaf", 50),
            double.Parse(Value("--learning-rate", "0.1"), CultureInfo.InvariantCulture),
            Int("--threads", 2));
    }
}
