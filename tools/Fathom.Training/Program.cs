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

if (args.Length == 2 && args[0] == "--oracle")
{
    // The ceiling of segmentation, labels and writing: every page written from its own labels and true type.
    var labelled = pages.AsParallel().WithDegreeOfParallelism(2).Select(p => BlockLabels.Of(PageAnalysis.Of(p.ReadHtml(), p.Url).Blocks, p.MainContent).Select(l => l ? 1f : 0f).ToArray()).ToArray();
    WriteCrossValidated(args[1], new OutOfFold(0.5f, pages.Select(p => p.Id).ToArray(), pages.Select(p => p.Type).ToArray(), labelled));
    return 0;
}

// --train-articles: the article set's pages join the first stage's training (blocks, names and page
// types, as articles), each in the fold it holds in the bounds scorer's cross-validation; every figure
// on either set stays out of fold. They follow the multi-type pages (indexes from pages.Count on).
var trainingArticles = options.TrainArticles && options.Articles is { } trainArticleDir ? TrainingPage.LoadArticles(trainArticleDir) : [];
if (trainingArticles.Count > 0 && options.Stack != "none")
{
    throw new ArgumentException("--train-articles trains the first stage alone; leave out --stack with it.");
}

var learnedFrom = pages.Concat(trainingArticles).ToList();
var folds = TrainingPage.Folds(pages, options.Folds, options.FoldSeed, options.HoldOut).Concat(ArticleFolds(trainingArticles.Count)).ToArray();
var analysed = new PageData[learnedFrom.Count];
var chains = new int[learnedFrom.Count][][];
var names = new NameTables[learnedFrom.Count];
Parallel.For(0, learnedFrom.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, i =>
{
    var page = learnedFrom[i];
    var analysis = PageAnalysis.Of(page.ReadHtml(), page.Url);
    var labels = BlockLabels.Of(analysis.Blocks, page.MainContent);
    var tokens = analysis.Blocks.Select(b => WordBag.Tokens(b.Text)).ToArray();
    if (args.Contains("--region-study"))
    {
        var ids = new Dictionary<AngleSharp.Dom.IElement, int>();
        chains[i] = analysis.Blocks.Select(b =>
        {
            var chain = new List<int>();
            for (var e = b.Element.ParentElement; e is not null; e = e.ParentElement)
            {
                chain.Add(ids.TryGetValue(e, out var id) ? id : ids[e] = ids.Count);
            }

            chain.Reverse();
            return chain.ToArray();
        }).ToArray();
    }

    names[i] = NameTables.Of(NameTables.Site(page.Url, page.Id), analysis.Blocks, labels, [.. tokens.Select(t => t.Count)]);
    analysed[i] = new PageData(analysis.Features, labels, tokens, WordBag.Count(WordBag.Tokens(page.MainContent)), analysis.TypeFeatures, BlockLayout.Of(analysis.Blocks), analysis.Bounds, analysis.Metadata.Title);
});
Console.WriteLine($"{learnedFrom.Count} pages analysed in {clock.Elapsed.TotalSeconds:F0} s ({analysed.Sum(p => p.Features.Length)} blocks, {BlockFeatures.Names.Length} features)");

var types = pages.Select(p => p.Type).Distinct().Order(StringComparer.Ordinal).ToArray();
var oracle = analysed.Select(p => p.Labels.Select(l => l ? 1f : 0f).ToArray()).ToArray();
var trainer = new FastTreeModels(options.Trees, options.Leaves, options.MinLeaf, options.LearningRate, options.FeatureFraction, options.BaggingFraction);
var typeTrainer = new FastTreeModels(100, 8, 5, 0.1);

if (!types.SequenceEqual(ContextFeatures.TypeOrder.Where(types.Contains)))
{
    throw new InvalidOperationException("The page types must be trained in ContextFeatures.TypeOrder.");
}

// --balance-types: every page type weighs the same in training (each page 1/7 of the pages divided
// by its type's count); otherwise every page weighs the same.
var typeWeight = pages.GroupBy(p => p.Type).ToDictionary(g => g.Key, g => options.BalanceTypes ? (float)pages.Count / (types.Length * g.Count()) : 1f, StringComparer.Ordinal);

var stackTrainer = new FastTreeModels(options.StackTrees, options.StackLeaves, options.MinLeaf, options.LearningRate);
var everyPage = Enumerable.Range(0, pages.Count).ToList();
var everyLearned = Enumerable.Range(0, learnedFrom.Count).ToList();

// Out-of-fold block scores and page types: every page judged by models that never saw it.
var oofScores = new float[learnedFrom.Count][];
var oofTypeScores = new float[learnedFrom.Count][];
var cached = options.FirstStage is { } cache && File.Exists(cache) ? JsonSerializer.Deserialize<FirstStage>(File.ReadAllText(cache)) : null;
if (cached is not null && cached.Ids.SequenceEqual(learnedFrom.Select(p => p.Id)))
{
    // Iterating on the second stage: the first stage's out-of-fold scores of an earlier run of the same pages and folds.
    oofScores = cached.Scores;
    oofTypeScores = cached.TypeScores;
    Console.WriteLine($"first-stage out-of-fold scores read from {options.FirstStage}");
}

for (var fold = 0; fold < options.Folds && cached is null; fold++)
{
    var train = everyLearned.Where(i => folds[i] != fold).ToList();
    var test = everyLearned.Where(i => folds[i] == fold).ToList();
    FillNames(train, test);
    ScoreFirstStage(train, test, oofScores, oofTypeScores);
    Console.WriteLine($"fold {fold + 1}/{options.Folds} trained ({clock.Elapsed.TotalSeconds:F0} s)");
}

var oofTypes = oofTypeScores.Select(TypeOf).ToArray();
if (args.Contains("--true-types"))
{
    // The ceiling of the page-type scorers: every page read as the type its gold says.
    oofTypes = [.. learnedFrom.Select(p => p.Type)];
}

if (options.FirstStage is { } firstStageOut && cached is null)
{
    File.WriteAllText(firstStageOut, JsonSerializer.Serialize(new FirstStage(learnedFrom.Select(p => p.Id).ToArray(), oofScores, oofTypeScores)));
}

// The threshold that maximises mean page F1 over the out-of-fold scores.
var threshold = BestThreshold(everyPage, oofScores);
Report("first stage", oofScores, threshold);

// The second, context-aware stage (stacking): a second classifier reads each block's features with
// what the first-stage scores say around it. Its training rows must carry first-stage scores from
// models that did not see their pages, as the engine's first stage has not seen the pages it reads.
// "oof": the training rows of outer fold f carry their outer out-of-fold scores (standard stacking;
// the first-stage models that scored them saw fold f's pages, not their own). "nested": within each
// outer training set, inner folds give the training rows scores from models that saw neither their
// own page nor fold f's. Either way the test pages of fold f are scored by the fold's first-stage
// model and then by a second stage that never saw them: the reported figure is the outer CV one.
var finalScores = oofScores;
var finalThreshold = threshold;
if (options.Stack != "none")
{
    var stacked = new float[pages.Count][];
    for (var fold = 0; fold < options.Folds; fold++)
    {
        var train = everyPage.Where(i => folds[i] != fold).ToList();
        var test = everyPage.Where(i => folds[i] == fold).ToList();
        var trainScores = oofScores;
        var trainTypeScores = oofTypeScores;
        if (options.Stack == "nested")
        {
            trainScores = new float[pages.Count][];
            trainTypeScores = new float[pages.Count][];
            for (var inner = 0; inner < options.Folds; inner++)
            {
                if (inner != fold)
                {
                    ScoreFirstStage(train.Where(i => folds[i] != inner).ToList(), train.Where(i => folds[i] == inner).ToList(), trainScores, trainTypeScores);
                }
            }
        }

        var model = TreeEnsemble.ReadAll(new StringReader(stackTrainer.Train(StackExamples(train, trainScores, trainTypeScores, threshold), ContextFeatures.Names.Length, "block"))).Single();
        foreach (var i in test)
        {
            stacked[i] = StackVectors(i, oofScores, oofTypeScores, threshold).Select(f => model.Score(f)).ToArray();
        }

        Console.WriteLine($"second stage ({options.Stack}) fold {fold + 1}/{options.Folds} trained ({clock.Elapsed.TotalSeconds:F0} s)");
    }

    finalThreshold = BestThreshold(everyPage, stacked);
    Report($"second stage ({options.Stack})", stacked, finalThreshold);
    finalScores = stacked;
}

// The first-stage models trained on every page: what the engine ships, and what scores the article set below.
// Their training rows read the names by tables that never saw their page; the engine's table learns from every page.
FillNames(everyLearned, []);
var allNames = NameTables.Learn(names);
Console.WriteLine($"name evidence: {allNames.Count} words learned from every page");
var allBlocks = trainer.Train(BlockExamples(everyLearned), BlockFeatures.Names.Length, "block", threshold);
var allTypes = TrainTypes(everyLearned);

// Whether the rule pass should bound a page taken for an article (ArticleBounds): a small scorer
// learns it from every such page's out-of-fold block scores, labelled by which reading scores the
// better F1 against the page's gold text and weighted by how much better. The article set
// (../shared/data/extraction: news stories, many with related stories in full around them) joins
// the multi-type pages, its blocks scored by the first stage trained on every multi-type page (which
// never saw them; with --train-articles, by the out-of-fold first stage, which learned from the
// other folds of both sets). Its own 5-fold figure: each page's decision comes from a scorer trained
// on the other folds of both sets.
var articlePages = trainingArticles.Count > 0 ? trainingArticles
    : options.Stack == "none" && options.Articles is { } articleDir && Directory.Exists(articleDir) ? TrainingPage.LoadArticles(articleDir)
    : [];
var articleSet = trainingArticles.Count > 0 ? LearnedArticleCases() : ArticleCases(articlePages, TreeEnsemble.ReadAll(new StringReader(allBlocks)).Single(), allTypes, allNames);
var cases = BoundsCases();

// The bounds scorer is an additive model: 200 trees of one split each (stumps). Deeper trees (50 of
// 4 leaves before) learn interactions that hold in one set and not the other: over seven ways of
// dealing the cases to folds (--bounds-grid with --bounds-seeds 0,1,2,3,4,5,6) stumps scored the
// article set's pages taken for articles 0.9737 against 0.9707 on average (block-token F1) and the
// multi-type pages the same (0.9469 against 0.9468); see docs/page-extraction.md.
var boundsTrainer = new FastTreeModels(200, 2, 10, 0.1);
var keptF1 = KeptF1s();
var bounded = DecideBounds();
if (TrainingOptions.Argument(args, "--bounds-grid") is { } grid)
{
    BoundsGrid(grid, TrainingOptions.Argument(args, "--bounds-seeds") ?? "0");
    return 0;
}

// A block threshold per predicted page type (--type-cuts), each type's shrunk towards the one
// threshold (TypeCuts). Applied as an offset to each page's scores, so that the one threshold keeps
// the same blocks; the bounds scorer then learns again from the offset scores.
if (options.TypeCuts)
{
    var (perPage, typeCuts) = TypeCuts();
    finalScores = [.. everyPage.Select(i => finalScores[i].Select(s => s + finalThreshold - perPage[i]).ToArray())];
    articleSet = [.. articleSet.Select(c => c with { Scores = [.. c.Scores.Select(s => s + finalThreshold - typeCuts[c.Type])] })];
    cases = BoundsCases();
    keptF1 = KeptF1s();
    bounded = DecideBounds();
}

ReportBounds("multi-type pages", everyPage, finalThreshold);
if (TrainingOptions.Argument(args, "--bounds-dump") is { } boundsDump)
{
    // Every case taken for an article: its set, the F1 of either reading, the decision and its features.
    File.WriteAllLines(boundsDump, cases.Select((c, k) => (c, k)).Where(x => x.c.Article).Select(x => JsonSerializer.Serialize(new { x.c.Id, x.c.Set, x.c.Type, True = x.k < pages.Count ? pages[x.k].Type : "article", keptF1[x.c].Free, keptF1[x.c].Bound, Bounded = bounded[x.k], Features = BoundsFeatures(x.c) })));
}

if (args.Contains("--region-study"))
{
    RegionStudy();
    return 0;
}

if (args.Contains("--bounds-study"))
{
    BoundsStudy();
    return 0;
}

if (args.Contains("--margin-study"))
{
    MarginStudy();
    return 0;
}

if (args.Contains("--repeat-study"))
{
    // How repeated texts are best dropped (RepeatedBlocks), chosen on four folds and scored on the fifth.
    RepeatStudy(finalThreshold);
    return 0;
}

ReportBounds("article set", Enumerable.Range(pages.Count, articleSet.Count).ToList(), finalThreshold);
if (options.CvPredictions is { } cvArticles && articleSet.Count > 0)
{
    // The article set as its scorer (eval_extraction.py) reads it, every page bounded or not as the cross-validated scorer decides.
    var written = new ConcurrentDictionary<string, object>(StringComparer.Ordinal);
    Parallel.For(0, articleSet.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, k =>
    {
        var c = articleSet[k];
        var page = articlePages[k];
        var html = page.ReadHtml();
        var type = Enum.Parse<Fathom.Reading.PageType>(c.Type, ignoreCase: true);
        written[c.Id] = new { articleBody = PageExtractor.WithFallback(PageExtractor.Compose(PageAnalysis.Of(html, page.Url), c.Scores, finalThreshold, type, bounded[pages.Count + k]), html, page.Url).Text };
    });
    File.WriteAllText(Path.ChangeExtension(cvArticles, ".articles.json"), JsonSerializer.Serialize(new SortedDictionary<string, object>(written, StringComparer.Ordinal)));
}

if (options.CvPredictions is { } cvOut)
{
    if (options.Stack != "none")
    {
        // The first stage's predictions beside the second's: the same pages, the same folds.
        WriteCrossValidated(Path.ChangeExtension(cvOut, ".first.json"), new OutOfFold(threshold, pages.Select(p => p.Id).ToArray(), oofTypes[..pages.Count], oofScores[..pages.Count], bounded[..pages.Count]));
    }

    File.WriteAllText(Path.ChangeExtension(cvOut, ".oof.json"), JsonSerializer.Serialize(new OutOfFold(finalThreshold, pages.Select(p => p.Id).ToArray(), oofTypes[..pages.Count], finalScores[..pages.Count], bounded[..pages.Count])));
    WriteCrossValidated(cvOut, new OutOfFold(finalThreshold, pages.Select(p => p.Id).ToArray(), oofTypes[..pages.Count], finalScores[..pages.Count], bounded[..pages.Count]));
}

if (options.Models is { } modelDir)
{
    Directory.CreateDirectory(modelDir);
    var all = everyLearned;
    File.WriteAllText(Path.Combine(modelDir, "blocks.model"), allBlocks);
    File.WriteAllText(Path.Combine(modelDir, "name-evidence.model"), allNames.Write());
    var contextModel = Path.Combine(modelDir, "blocks-context.model");
    if (options.Stack != "none")
    {
        // Trained on every page's out-of-fold first-stage scores: the engine's first stage, trained on
        // every page, scores pages it never saw.
        File.WriteAllText(contextModel, stackTrainer.Train(StackExamples(all, oofScores, oofTypeScores, threshold), ContextFeatures.Names.Length, "block", finalThreshold));
    }
    else
    {
        File.Delete(contextModel);
    }

    File.WriteAllText(Path.Combine(modelDir, "article-bounds.model"), boundsTrainer.Train(BoundsExamples(cases), ArticleBounds.Names.Length, "bounds"));
    File.WriteAllText(Path.Combine(modelDir, "page-types.model"), string.Concat(types.Select(type => typeTrainer.Train(TypeExamples(all, type), PageTypeFeatures.Names.Length, type))));
    Console.WriteLine($"models written to {modelDir} ({clock.Elapsed.TotalSeconds:F0} s)");
    CheckEngine(modelDir);
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
        predictions[page.Id] = PageExtractor.WithFallback(PageExtractor.Compose(analysis, oof.Scores[i], oof.Threshold, type, oof.Bounded?[i] ?? true), html, page.Url).Text;
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
        var total = page.Tokens.Sum(t => t.Count + 1) / typeWeight[learnedFrom[i].Type];
        for (var b = 0; b < page.Features.Length; b++)
        {
            // Every page weighs the same, as in the page-averaged F1; within a page a block weighs its words.
            examples.Add(new Example { Label = page.Labels[b], Weight = 100f * (page.Tokens[b].Count + 1) / total, Features = page.Features[b] });
        }
    }

    return examples;
}

List<Example> TypeExamples(List<int> pageIndexes, string type) =>
    pageIndexes.Select(i => new Example { Label = learnedFrom[i].Type == type, Weight = 1, Features = analysed[i].TypeFeatures }).ToList();

// The engine, reading the written models, must score every block of a page as the training computes
// it (first stage, page types, second-stage features from the first stage's scores): checked on a
// page of every twentieth.
void CheckEngine(string modelDir)
{
    using var blocksIn = File.OpenText(Path.Combine(modelDir, "blocks.model"));
    var contextPath = Path.Combine(modelDir, "blocks-context.model");
    using var contextIn = File.Exists(contextPath) ? File.OpenText(contextPath) : null;
    using var typesIn = File.OpenText(Path.Combine(modelDir, "page-types.model"));
    using var boundsIn = File.OpenText(Path.Combine(modelDir, "article-bounds.model"));
    using var namesIn = File.OpenText(Path.Combine(modelDir, "name-evidence.model"));
    var models = ExtractionModels.From(blocksIn, contextIn, typesIn, boundsIn, namesIn);
    var extractor = new PageExtractor(models);

    // One reading of each checked page serves the check and the digest of what the models learnt from
    // (FeatureDigest, for ShippedModelsTests), which is written only for models trained on every page.
    var digest = FeatureDigest.Of(Checked());
    Console.WriteLine("the engine scores the checked pages as the training does");
    var digestPath = Path.Combine(modelDir, FeatureDigest.FileName);
    if (options.PerType is null)
    {
        File.WriteAllText(digestPath, digest + "\n");
    }
    else
    {
        File.Delete(digestPath);
    }

    IEnumerable<PageAnalysis> Checked()
    {
        for (var i = 0; i < pages.Count; i += FeatureDigest.Every)
        {
            // The training rows read the names by out-of-fold tables; the engine reads them by the table of every page.
            names[i].Fill(models.Names, analysed[i].Features);
            var analysis = PageAnalysis.Of(pages[i].ReadHtml(), pages[i].Url, models.Names);
            var (engine, cut, _) = extractor.Score(analysis);
            var first = analysed[i].Features.Select(f => models.Blocks.Score(f)).ToArray();
            var typeScores = ContextFeatures.TypeOrder.Select(t => models.PageTypes.SingleOrDefault(m => m.Label == t)?.Score(analysed[i].TypeFeatures) ?? 0).ToArray();
            var mine = models.Context is { } context
                ? ContextFeatures.Compute(analysed[i].Layout, analysed[i].Features, first, models.Blocks.Threshold, typeScores).Select(f => context.Score(f)).ToArray()
                : first;
            if (!engine.SequenceEqual(mine) || cut != (models.Context ?? models.Blocks).Threshold)
            {
                throw new InvalidOperationException($"The engine scores page {pages[i].Id} otherwise than the training does: the features it computes differ from the training's.");
            }

            yield return analysis;
        }
    }
}

// The names above each block read into its features by tables that never saw its page: each training
// page's by a table learned from the training pages of the other folds, each test page's by a table
// learned from every training page (target encoding, nested so the trees learn from features as
// out-of-sample as those of the pages they will read).
void FillNames(List<int> train, List<int> test)
{
    foreach (var inner in train.Select(i => folds[i]).Distinct())
    {
        var table = NameTables.Learn(train.Where(i => folds[i] != inner).Select(i => names[i]));
        foreach (var i in train.Where(i => folds[i] == inner))
        {
            names[i].Fill(table, analysed[i].Features);
        }
    }

    if (test.Count > 0)
    {
        var table = NameTables.Learn(train.Select(i => names[i]));
        foreach (var i in test)
        {
            names[i].Fill(table, analysed[i].Features);
        }
    }
}

// Trains the first stage (blocks and page types) on one set of pages and scores another with it.
void ScoreFirstStage(List<int> train, List<int> test, float[][] scores, float[][] typeScores)
{
    var blockModel = TreeEnsemble.ReadAll(new StringReader(trainer.Train(BlockExamples(train), BlockFeatures.Names.Length, "block"))).Single();
    var typeModels = TrainTypes(train);
    foreach (var i in test)
    {
        scores[i] = analysed[i].Features.Select(f => blockModel.Score(f)).ToArray();
        typeScores[i] = ContextFeatures.TypeOrder.Select(t => typeModels.SingleOrDefault(m => m.Label == t)?.Score(analysed[i].TypeFeatures) ?? float.NegativeInfinity).ToArray();
    }
}

string TypeOf(float[] typeScores) => ContextFeatures.TypeOrder[Array.IndexOf(typeScores, typeScores.Max())];

float[][] StackVectors(int i, float[][] scores, float[][] typeScores, float cut)
{
    var vectors = ContextFeatures.Compute(analysed[i].Layout, analysed[i].Features, scores[i], cut, typeScores[i].Select(v => float.IsFinite(v) ? v : 0).ToArray());
    if (options.StackContextOnly)
    {
        // The second stage reads the context alone: the first-stage features are held at zero, so no
        // tree splits on them and the engine's full vectors score the same.
        foreach (var v in vectors)
        {
            Array.Clear(v, 0, BlockFeatures.Names.Length);
        }
    }

    return vectors;
}

List<Example> StackExamples(List<int> pageIndexes, float[][] scores, float[][] typeScores, float cut)
{
    var examples = BlockExamples(pageIndexes);
    var k = 0;
    foreach (var i in pageIndexes)
    {
        foreach (var vector in StackVectors(i, scores, typeScores, cut))
        {
            examples[k++].Features = vector;
        }
    }

    return examples;
}

// Every page taken for an article (out of fold) where bounding changes the kept text: labelled by
// whether the classifier alone scores the better F1, weighted by the difference.
List<Example> BoundsExamples(IEnumerable<BoundsCase> of)
{
    var examples = new List<Example>();
    foreach (var c in of.Where(c => c.Article && keptF1[c].Free != keptF1[c].Bound))
    {
        var (free, bound) = keptF1[c];
        examples.Add(new Example { Label = free > bound, Weight = (float)(100 * c.Weight * Math.Abs(free - bound)), Features = BoundsFeatures(c) });
    }

    return examples;
}

float[] BoundsFeatures(BoundsCase c) => ArticleBounds.Features(c.Blocks, c.Scores, finalThreshold, c.Title);

// Bounds scorer settings side by side ("trees,leaves,pages a leaf,rate,bagging fraction;..."), each
// judged by its 5-fold decisions on both sets, for each way of dealing the cases to folds: seed 0 the
// folds as trained, any other seed each set's cases dealt in a shuffled order.
void BoundsGrid(string settings, string seeds)
{
    var asTrained = cases;
    var f1 = keptF1;
    var original = asTrained.ToDictionary(c => (c.Set, c.Id));
    foreach (var seed in seeds.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)))
    {
        var random = new Random(seed);
        cases = seed == 0 ? asTrained : [.. asTrained.GroupBy(c => c.Set).SelectMany(g => g.OrderBy(_ => random.Next()).Select((c, k) => c with { Fold = k % options.Folds }))];
        keptF1 = cases.ToDictionary(c => c, c => f1[original[(c.Set, c.Id)]]);
        foreach (var setting in settings.Split(';'))
        {
            var v = setting.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            boundsTrainer = new FastTreeModels((int)v[0], (int)v[1], (int)v[2], v[3], 1, v[4]);
            bounded = DecideBounds();
            Console.WriteLine($"seed {seed}, bounds scorer {setting}");
            ReportBounds("multi-type pages", everyPage, finalThreshold);
            ReportBounds("article set", Enumerable.Range(pages.Count, articleSet.Count).ToList(), finalThreshold);
        }
    }
}

static double KeptF1(BoundsCase c, float cut, bool bounded)
{
    var keep = c.Scores.Select(s => s > cut).ToArray();
    if (bounded)
    {
        ArticleBounds.Apply(keep, c.Blocks);
    }

    return WrittenF1(c, keep);
}

// The F1 of the blocks kept as the engine writes them (PageExtractor.Keep): one copy of a repeated
// text, as short as its page type allows (RepeatedBlocks.MinWordsFor). Consumes keep.
static double WrittenF1(BoundsCase c, bool[] keep)
{
    if (RepeatedBlocks.MinWordsFor(Enum.Parse<Fathom.Reading.PageType>(c.Type, ignoreCase: true)) is { } minWords)
    {
        RepeatedBlocks.Drop(keep, c.Blocks, minWords);
    }

    return WordBag.F1(WordBag.Count(c.Tokens.Where((_, b) => keep[b]).SelectMany(t => t)), c.Gold);
}

// Dropping repeated kept blocks (RepeatedBlocks): block-token F1 with each minimum of words over all
// pages, then per fold the minimum and the predicted page types it applies to chosen on the other
// folds, scored on the held-out fold.
void RepeatStudy(float cut)
{
    var minWords = new[] { 0, 1, 2, 3, 5, 8, 12, 20 };
    var f1 = new double[pages.Count, minWords.Length];
    Parallel.For(0, pages.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, i =>
    {
        var a = analysed[i].Bounds;
        for (var o = 0; o < minWords.Length; o++)
        {
            var keep = finalScores[i].Select(x => x > cut).ToArray();
            if (oofTypes[i] == "article" && bounded[i])
            {
                ArticleBounds.Apply(keep, a);
            }

            if (minWords[o] > 0)
            {
                RepeatedBlocks.Drop(keep, a, minWords[o]);
            }

            f1[i, o] = WordBag.F1(WordBag.Count(analysed[i].Tokens.Where((_, b) => keep[b]).SelectMany(t => t)), analysed[i].Gold);
        }
    });

    for (var o = 0; o < minWords.Length; o++)
    {
        Console.WriteLine($"repeats, min words {minWords[o]}: {everyPage.Average(i => f1[i, o]):F4}; " + string.Join(", ", types.Select(t => $"{t} {everyPage.Where(i => pages[i].Type == t).Average(i => f1[i, o]):F4}")));
    }

    var chosen = new double[pages.Count];
    for (var fold = 0; fold < options.Folds; fold++)
    {
        var train = everyPage.Where(i => folds[i] != fold).ToList();
        var bestO = Enumerable.Range(1, minWords.Length - 1).MaxBy(o => train.Sum(i => f1[i, o]));
        var on = types.Where(t => train.Where(i => oofTypes[i] == t).Sum(i => f1[i, bestO] - f1[i, 0]) > 0).ToList();
        Console.WriteLine($"fold {fold}: min words {minWords[bestO]}, for predicted types {string.Join(' ', on)}");
        foreach (var i in everyPage.Where(i => folds[i] == fold))
        {
            chosen[i] = on.Contains(oofTypes[i]) ? f1[i, bestO] : f1[i, 0];
        }
    }

    Console.WriteLine($"repeats, chosen on the other folds: {everyPage.Average(i => chosen[i]):F4}; " + string.Join(", ", types.Select(t => $"{t} {everyPage.Where(i => pages[i].Type == t).Average(i => chosen[i]):F4}")));

    // The minimum chosen for each predicted type on its own, on the other folds.
    var perType = new double[pages.Count];
    for (var fold = 0; fold < options.Folds; fold++)
    {
        var train = everyPage.Where(i => folds[i] != fold).ToList();
        var best = types.ToDictionary(t => t, t => Enumerable.Range(0, minWords.Length).MaxBy(o => train.Where(i => oofTypes[i] == t).Sum(i => f1[i, o])), StringComparer.Ordinal);
        Console.WriteLine($"fold {fold}: min words per predicted type {string.Join(' ', types.Select(t => $"{t} {minWords[best[t]]}"))}");
        foreach (var i in everyPage.Where(i => folds[i] == fold))
        {
            perType[i] = f1[i, best[oofTypes[i]]];
        }
    }

    Console.WriteLine($"repeats, minimum per type chosen on the other folds: {everyPage.Average(i => perType[i]):F4}; " + string.Join(", ", types.Select(t => $"{t} {everyPage.Where(i => pages[i].Type == t).Average(i => perType[i]):F4}")));
}

List<BoundsCase> BoundsCases() => everyPage.Select(i => new BoundsCase(pages[i].Id, analysed[i].Title, analysed[i].Bounds, finalScores[i], analysed[i].Tokens, analysed[i].Gold, oofTypes[i], folds[i]))
    .Concat(articleSet).ToList();

Dictionary<BoundsCase, (double Free, double Bound)> KeptF1s() => cases.ToDictionary(c => c, c => (Free: KeptF1(c, finalThreshold, bounded: false), Bound: KeptF1(c, finalThreshold, bounded: true)));

// Each case's 5-fold decision by a bounds scorer that never saw it.
bool[] DecideBounds()
{
    var decided = new bool[cases.Count];
    for (var fold = 0; fold < options.Folds; fold++)
    {
        var test = Enumerable.Range(0, cases.Count).Where(c => cases[c].Fold == fold).ToList();
        var decisions = Decide(boundsTrainer, c => c.Fold != fold, test);
        for (var k = 0; k < test.Count; k++)
        {
            decided[test[k]] = decisions[k];
        }
    }

    return decided;
}

// Whether each case of test is bounded, by a bounds scorer trained on the cases train admits.
bool[] Decide(FastTreeModels trainer, Func<BoundsCase, bool> train, List<int> test)
{
    var model = TreeEnsemble.ReadAll(new StringReader(trainer.Train(BoundsExamples(cases.Where(train)), ArticleBounds.Names.Length, "bounds"))).Single();
    return test.Select(c => model.Score(BoundsFeatures(cases[c])) <= model.Threshold).ToArray();
}

// Each page's out-of-fold block threshold for its predicted type, and the threshold of each type
// chosen on every page. A type's threshold maximises its pages' summed F1 (as the engine writes
// them: bounded as decided, repeated texts once) plus m times the mean F1 of every page: m pages'
// worth of prior pulling small types towards the one threshold. m is chosen by cross-validation
// within the pages the thresholds are chosen on.
(float[] PerPage, Dictionary<string, float> Cuts) TypeCuts()
{
    var grid = Enumerable.Range(0, 57).Select(k => -11f + 0.25f * k).ToArray();
    var f1 = new double[pages.Count][];
    Parallel.For(0, pages.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, i =>
    {
        f1[i] = grid.Select(g => KeptF1(cases[i], g, bounded: oofTypes[i] == "article" && bounded[i])).ToArray();
    });

    double[] priors = [0, 10, 25, 50, 100, 200, 400, 1e9];
    Dictionary<string, float> Cuts(List<int> on, double m) => types.ToDictionary(
        t => t,
        t =>
        {
            var ofType = on.Where(i => oofTypes[i] == t).ToList();
            return grid[Enumerable.Range(0, grid.Length).MaxBy(g => ofType.Sum(i => f1[i][g]) + (m * on.Average(i => f1[i][g])))];
        },
        StringComparer.Ordinal);

    double Prior(List<int> on) => priors.MaxBy(m => on.Select(i => folds[i]).Distinct().Sum(inner =>
    {
        var cuts = Cuts(on.Where(i => folds[i] != inner).ToList(), m);
        return on.Where(i => folds[i] == inner).Sum(i => f1[i][Array.IndexOf(grid, cuts[oofTypes[i]])]);
    }));

    var perPage = new float[pages.Count];
    for (var fold = 0; fold < options.Folds; fold++)
    {
        var train = everyPage.Where(i => folds[i] != fold).ToList();
        var m = Prior(train);
        var cuts = Cuts(train, m);
        Console.WriteLine($"fold {fold + 1}: thresholds per type (prior {m}) {string.Join(' ', types.Select(t => $"{t} {cuts[t]}"))}");
        foreach (var i in everyPage.Where(i => folds[i] == fold))
        {
            perPage[i] = cuts[oofTypes[i]];
        }
    }

    Console.WriteLine($"thresholds per type, held out: {everyPage.Average(i => f1[i][Array.IndexOf(grid, perPage[i])]):F4}; "
        + string.Join(", ", types.Select(t => $"{t} {everyPage.Where(i => pages[i].Type == t).Average(i => f1[i][Array.IndexOf(grid, perPage[i])]):F4}")));
    var prior = Prior(everyPage);
    var final = Cuts(everyPage, prior);
    Console.WriteLine($"thresholds per type, every page (prior {prior}): {string.Join(' ', types.Select(t => $"{t} {final[t]}"))}");
    return (perPage, final);
}

// Kept blocks bounded by the classifier's own region: the deepest container holding at least a share
// x of the kept words; kept blocks outside it dropped. Per predicted type, x (or none) chosen on the
// other folds, scored on the held-out fold.
void RegionStudy()
{
    double[] shares = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
    var f1 = new double[pages.Count, shares.Length];
    Parallel.For(0, pages.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, i =>
    {
        // The multi-type pages' cases: their out-of-fold scores, predicted type and blocks.
        var c = cases[i];
        var baseKeep = c.Scores.Select(x => x > finalThreshold).ToArray();
        if (c.Article && bounded[i])
        {
            ArticleBounds.Apply(baseKeep, c.Blocks);
        }

        var inside = new Dictionary<int, int>();
        var depth = new Dictionary<int, int>();
        var total = 0;
        for (var b = 0; b < baseKeep.Length; b++)
        {
            if (!baseKeep[b])
            {
                continue;
            }

            total += c.Blocks[b].Words;
            for (var d = 0; d < chains[i][b].Length; d++)
            {
                inside[chains[i][b][d]] = inside.GetValueOrDefault(chains[i][b][d]) + c.Blocks[b].Words;
                depth[chains[i][b][d]] = d;
            }
        }

        for (var s = 0; s < shares.Length; s++)
        {
            var keep = (bool[])baseKeep.Clone();
            if (shares[s] > 0 && total > 0)
            {
                var region = inside.Where(kv => kv.Value >= shares[s] * total).MaxBy(kv => depth[kv.Key]).Key;
                for (var b = 0; b < keep.Length; b++)
                {
                    keep[b] &= chains[i][b].Contains(region);
                }
            }

            f1[i, s] = WrittenF1(c, keep);
        }
    });

    for (var s = 0; s < shares.Length; s++)
    {
        Console.WriteLine($"region share {shares[s]}: {everyPage.Average(i => f1[i, s]):F4}; by predicted type " + string.Join(", ", types.Select(t => $"{t} {everyPage.Where(i => oofTypes[i] == t).Average(i => f1[i, s]):F4}")));
    }

    var held = new double[pages.Count];
    for (var fold = 0; fold < options.Folds; fold++)
    {
        var train = everyPage.Where(i => folds[i] != fold).ToList();
        var chosen = types.ToDictionary(t => t, t => Enumerable.Range(0, shares.Length).MaxBy(s => train.Where(i => oofTypes[i] == t).Sum(i => f1[i, s])));
        Console.WriteLine($"fold {fold + 1}: " + string.Join(' ', types.Select(t => $"{t}={shares[chosen[t]]}")));
        foreach (var i in everyPage.Where(i => folds[i] == fold))
        {
            held[i] = f1[i, chosen[oofTypes[i]]];
        }
    }

    Console.WriteLine($"region share per predicted type, chosen on the other folds: {everyPage.Average(i => held[i]):F4} against {everyPage.Average(i => f1[i, 0]):F4}; by true type "
        + string.Join(", ", types.Select(t => $"{t} {everyPage.Where(i => pages[i].Type == t).Average(i => held[i]):F4}/{everyPage.Where(i => pages[i].Type == t).Average(i => f1[i, 0]):F4}")));
}

// The bounds scorer's size chosen by cross-validation: for each outer fold, the size whose decisions
// score best on inner folds of the other four (each set's mean block-token F1 of its pages taken for
// articles, the two sets weighing the same), then trained on the four and scored on the fifth.
void BoundsStudy()
{
    int[] trees = [25, 50, 100, 200], leaves = [2, 4, 8], minLeaf = [10, 30];
    var grid = (from t in trees from l in leaves from m in minLeaf select (Trees: t, Leaves: l, MinLeaf: m)).ToArray();
    var articles = Enumerable.Range(0, cases.Count).Where(c => cases[c].Article).ToList();
    bool[] DecideSized((int Trees, int Leaves, int MinLeaf) h, Func<BoundsCase, bool> train, List<int> test) => Decide(new FastTreeModels(h.Trees, h.Leaves, h.MinLeaf, 0.1), train, test);

    double Objective(List<int> test, bool[] decided)
    {
        double F(int k) => decided[k] ? keptF1[cases[test[k]]].Bound : keptF1[cases[test[k]]].Free;
        var sets = new[] { "pages", "articles" };
        return sets.Average(set => Enumerable.Range(0, test.Count).Where(k => cases[test[k]].Set == set).Select(F).DefaultIfEmpty(0).Average());
    }

    var held = new Dictionary<int, bool>();
    for (var fold = 0; fold < options.Folds; fold++)
    {
        var inner = new double[grid.Length];
        for (var g = 0; g < grid.Length; g++)
        {
            foreach (var f in Enumerable.Range(0, options.Folds).Where(f => f != fold))
            {
                var test = articles.Where(c => cases[c].Fold == f).ToList();
                inner[g] += Objective(test, DecideSized(grid[g], c => c.Fold != fold && c.Fold != f, test));
            }
        }

        var best = Enumerable.Range(0, grid.Length).MaxBy(g => inner[g]);
        var outer = articles.Where(c => cases[c].Fold == fold).ToList();
        var decided = DecideSized(grid[best], c => c.Fold != fold, outer);
        for (var k = 0; k < outer.Count; k++)
        {
            held[outer[k]] = decided[k];
        }

        Console.WriteLine($"fold {fold + 1}: chosen {grid[best]} (inner {inner[best] / 4:F4}; shipped 200x2x10 {inner[Array.IndexOf(grid, (200, 2, 10))] / 4:F4}) ({clock.Elapsed.TotalSeconds:F0} s)");
    }

    foreach (var set in new[] { "pages", "articles" })
    {
        var ofSet = articles.Where(c => cases[c].Set == set).ToList();
        Console.WriteLine($"{set}: as decided with the size chosen by inner CV {ofSet.Average(c => held[c] ? keptF1[cases[c]].Bound : keptF1[cases[c]].Free):F4}; as shipped {ofSet.Average(c => bounded[c] ? keptF1[cases[c]].Bound : keptF1[cases[c]].Free):F4}");
    }
}

// Outside the rule pass's region, blocks kept only above the threshold plus a margin: a margin for
// pages the scorer bounds (infinite: bounded as shipped) and one for pages it leaves free (0: free
// as shipped). Mean block-token F1 of the pages taken for articles, each set on its own.
void MarginStudy()
{
    double[] margins = [0, 0.5, 1, 2, 3, 4, 6, 8, 1e9];
    double F1At(BoundsCase c, float cut, double margin)
    {
        // Bounded as the engine bounds, then the blocks outside the region that clear the margin put back.
        var keep = c.Scores.Select(x => x > cut).ToArray();
        var bound = (bool[])keep.Clone();
        ArticleBounds.Apply(bound, c.Blocks);
        for (var b = 0; b < keep.Length; b++)
        {
            keep[b] = bound[b] || (keep[b] && c.Scores[b] > cut + margin);
        }

        return WrittenF1(c, keep);
    }

    var articles = Enumerable.Range(0, cases.Count).Where(c => cases[c].Article).ToList();
    var table = new double[cases.Count, margins.Length];
    Parallel.ForEach(articles, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, c =>
    {
        for (var m = 0; m < margins.Length; m++)
        {
            table[c, m] = F1At(cases[c], finalThreshold, margins[m]);
        }
    });

    foreach (var set in new[] { "pages", "articles" })
    {
        var ofSet = articles.Where(c => cases[c].Set == set).ToList();
        Console.WriteLine($"{set}: {ofSet.Count} pages taken for articles; rows: margin where bounded, columns: margin where free");
        for (var mb = 0; mb < margins.Length; mb++)
        {
            Console.WriteLine($"  {margins[mb],6}: " + string.Join(' ', Enumerable.Range(0, margins.Length).Select(mf => $"{ofSet.Average(c => table[c, bounded[c] ? mb : mf]):F4}")));
        }

        Console.WriteLine($"  one margin for every page: " + string.Join(' ', Enumerable.Range(0, margins.Length).Select(m => $"{margins[m]}={ofSet.Average(c => table[c, m]):F4}")));
        Console.WriteLine($"  best margin per page: {ofSet.Average(c => Enumerable.Range(0, margins.Length).Max(m => table[c, m])):F4}");
    }
}

void ReportBounds(string set, List<int> indexes, float cut)
{
    var articles = indexes.Where(i => cases[i].Article).ToList();
    if (articles.Count == 0)
    {
        return;
    }

    double Mean(Func<int, bool> bound) => articles.Select(i => KeptF1(cases[i], cut, bound(i))).Average();
    Console.WriteLine($"{set}: pages taken for articles ({articles.Count}), block-token F1: always bounded {Mean(_ => true):F4}, never {Mean(_ => false):F4}, "
        + $"as the bounds scorer decides (5-fold) {Mean(i => bounded[i]):F4} ({articles.Count(i => bounded[i])} bounded), best of both {articles.Select(i => Math.Max(KeptF1(cases[i], cut, true), KeptF1(cases[i], cut, false))).Average():F4}");
}

// The article set's pages, cut into blocks and scored by the first stage trained on every multi-type page.
List<BoundsCase> ArticleCases(List<TrainingPage> articlePages, TreeEnsemble blocks, List<TreeEnsemble> typeModels, NameEvidence nameEvidence)
{
    // Each set weighs the same in all, as each is scored on its own: an article-set page weighs as many multi-type pages as the sets' sizes differ.
    var weight = (double)pages.Count / articlePages.Count;
    var result = new BoundsCase[articlePages.Count];
    var articleFolds = ArticleFolds(articlePages.Count);

    Parallel.For(0, articlePages.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, k =>
    {
        var page = articlePages[k];
        var analysis = PageAnalysis.Of(page.ReadHtml(), page.Url, nameEvidence);
        var typeScores = ContextFeatures.TypeOrder.Select(t => typeModels.SingleOrDefault(m => m.Label == t)?.Score(analysis.TypeFeatures) ?? float.NegativeInfinity).ToArray();
        result[k] = new BoundsCase(
            page.Id,
            analysis.Metadata.Title,
            analysis.Bounds,
            analysis.Features.Select(f => blocks.Score(f)).ToArray(),
            analysis.Blocks.Select(b => WordBag.Tokens(b.Text)).ToArray(),
            WordBag.Count(WordBag.Tokens(page.MainContent)),
            TypeOf(typeScores),
            articleFolds[k],
            "articles",
            weight);
    });
    Console.WriteLine($"{result.Length} pages of the article set scored ({clock.Elapsed.TotalSeconds:F0} s)");
    return [.. result];
}

// The article set's folds: its pages (sorted by id) dealt in turn, in an order shuffled by --fold-seed where one is given.
int[] ArticleFolds(int count)
{
    var articleFolds = Enumerable.Range(0, count).Select(k => k % options.Folds).ToArray();
    if (options.FoldSeed != 0)
    {
        var random = new Random(options.FoldSeed);
        articleFolds = [.. articleFolds.OrderBy(_ => random.Next())];
    }

    return articleFolds;
}

// The article set's pages as the bounds scorer reads them where they were learned from: their out-of-fold block scores and page types.
List<BoundsCase> LearnedArticleCases()
{
    var weight = (double)pages.Count / trainingArticles.Count;
    return [.. Enumerable.Range(pages.Count, trainingArticles.Count).Select(i => new BoundsCase(
        learnedFrom[i].Id, analysed[i].Title, analysed[i].Bounds, oofScores[i], analysed[i].Tokens, analysed[i].Gold, oofTypes[i], folds[i], "articles", weight))];
}

void Report(string stage, float[][] scores, float cut)
{
    var typeAccuracy = everyPage.Count(i => oofTypes[i] == pages[i].Type) / (double)pages.Count;
    Console.WriteLine($"cross-validated {stage}: threshold {cut:F2}, block-token F1 {MeanF1(everyPage, scores, cut):F4}, page-type accuracy {typeAccuracy:F3}");
    foreach (var type in types)
    {
        var ofType = everyPage.Where(i => pages[i].Type == type).ToList();
        Console.WriteLine($"  {type,-14} {ofType.Count,4} pages  block-token F1 {MeanF1(ofType, scores, cut):F4} (labels: {MeanF1(ofType, oracle, 0.5f):F4})  type recall {ofType.Count(i => oofTypes[i] == type) / (double)ofType.Count:F3}");
    }

    // One threshold per predicted page type, each page's chosen on the other folds' pages of its predicted type.
    var perPage = new float[pages.Count];
    for (var fold = 0; fold < options.Folds; fold++)
    {
        foreach (var type in types)
        {
            var chosenOn = everyPage.Where(i => folds[i] != fold && oofTypes[i] == type).ToList();
            var typeCut = chosenOn.Count > 0 ? BestThreshold(chosenOn, scores) : cut;
            foreach (var i in everyPage.Where(i => folds[i] == fold && oofTypes[i] == type))
            {
                perPage[i] = typeCut;
            }
        }
    }

    double PerPageF1(IEnumerable<int> indexes) => indexes.Select(i => MeanF1([i], scores, perPage[i])).DefaultIfEmpty(0).Average();
    Console.WriteLine($"  with a threshold per predicted type (chosen on the other folds): block-token F1 {PerPageF1(everyPage):F4}; "
        + string.Join(", ", types.Select(t => $"{t} {PerPageF1(everyPage.Where(i => pages[i].Type == t)):F4}")));
}

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

internal sealed record FirstStage(string[] Ids, float[][] Scores, float[][] TypeScores);

internal sealed record OutOfFold(float Threshold, string[] Ids, string[] Types, float[][] Scores, bool[]? Bounded = null);

/// <summary>A page the article-bounds scorer learns from: its blocks, their scores, their words, the gold words, the type it is taken for, its fold, its set and its weight.</summary>
internal sealed record BoundsCase(string Id, string? Title, ArticleBounds.Block[] Blocks, float[] Scores, List<string>[] Tokens, Dictionary<string, int> Gold, string Type, int Fold, string Set = "pages", double Weight = 1)
{
    public bool Article => Type == "article";
}

internal sealed record PageData(float[][] Features, bool[] Labels, List<string>[] Tokens, Dictionary<string, int> Gold, float[] TypeFeatures, BlockLayout Layout, ArticleBounds.Block[] Bounds, string? Title);

internal sealed record TrainingOptions(string Data, string? Articles, string? Models, string? CvPredictions, int Folds, int? PerType, int Trees, int Leaves, int MinLeaf, double LearningRate, int Threads, string Stack, int StackTrees, int StackLeaves, string? FirstStage, bool StackContextOnly, double FeatureFraction, bool BalanceTypes, bool TypeCuts, double BaggingFraction, int FoldSeed = 0, IReadOnlySet<string>? HoldOut = null, bool TrainArticles = false)
{
    private static readonly string[] MeasureOnly = ["--type-cuts", "--true-types", "--hold-out"];

    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, or null where it is not given.</summary>
    public static string? Argument(string[] args, string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;

    public static TrainingOptions Parse(string[] args)
    {
        string Value(string name, string fallback) => Argument(args, name) ?? fallback;

        int Int(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var perType = Value("--per-type", "");
        var stack = Value("--stack", "none");
        if (stack is not ("none" or "oof" or "nested"))
        {
            throw new ArgumentException($"--stack is 'none', 'oof' or 'nested', not '{stack}'.");
        }

        // Measurements the engine does not read as trained (it applies one block threshold, and
        // predicts page types): the article-bounds scorer learnt under them would not ship as measured.
        foreach (var measureOnly in MeasureOnly.Where(args.Contains))
        {
            if (args.Contains("--models"))
            {
                throw new ArgumentException($"{measureOnly} is a cross-validated measurement only; leave out --models with it.");
            }
        }

        return new TrainingOptions(
            Value("--data", Path.Combine("..", "shared", "data", "pages")),
            Value("--articles", Path.Combine("..", "shared", "data", "extraction")) is { Length: > 0 } a ? a : null,
            Value("--models", "") is { Length: > 0 } m ? m : null,
            Value("--cv-predictions", "") is { Length: > 0 } c ? c : null,
            Int("--folds", 5),
            perType.Length > 0 ? int.Parse(perType, CultureInfo.InvariantCulture) : null,
            Int("--trees", 200),
            Int("--leaves", 32),
            Int("--min-leaf", 50),
            double.Parse(Value("--learning-rate", "0.1"), CultureInfo.InvariantCulture),
            Int("--threads", 2),
            stack,
            Int("--stack-trees", Int("--trees", 200)),
            Int("--stack-leaves", Int("--leaves", 32)),
            Value("--first-stage", "") is { Length: > 0 } f ? f : null,
            args.Contains("--stack-context-only"),
            double.Parse(Value("--feature-fraction", "1"), CultureInfo.InvariantCulture),
            args.Contains("--balance-types"),
            args.Contains("--type-cuts"),
            double.Parse(Value("--bagging-fraction", "1"), CultureInfo.InvariantCulture),
            Int("--fold-seed", 0),
            Value("--hold-out", "") is { Length: > 0 } h ? File.ReadAllText(h).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : null,
            args.Contains("--train-articles"));
    }
}
