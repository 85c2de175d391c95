using Fathom.Composition;
using Fathom.Events;
using Fathom.Models.Extractive;
using Fathom.Research;
using Fathom.Tests.Support;

namespace Fathom.Tests.Models.Extractive;

/// <summary>
/// Report length follows the evidence: over the project's own docs plus a few notes on an unrelated
/// subject (coffee), a question only the notes answer gets a short report about the notes, not the
/// software, and a question on the docs ends before the budget is full, where the next sentence adds
/// too little. The corpus is indexed once, with embeddings.
/// </summary>
public sealed class ReportLengthTests(ReportLengthTests.MixedCorpus corpus) : IClassFixture<ReportLengthTests.MixedCorpus>
{
    private const int Budget = 2500;

    [Fact]
    public async Task AQuestionOnTheDocs_StopsWhereTheNextSentenceAddsTooLittle_BeforeTheBudgetIsFull()
    {
        const string Question = "How are the references of a report numbered?";

        var evidenceLed = await corpus.RunAsync(new ExtractiveResearchModel(), Question);
        var filled = await corpus.RunAsync(new ExtractiveResearchModel(new ExtractiveOptions { MinGain = 0, StopShare = 0 }), Question);

        Assert.Equal(RunStatus.Completed, evidenceLed.Status);
        Assert.True(evidenceLed.AddressesQuestion);
        var words = KeyPointRecall.Words(KeyPointRecall.Body(evidenceLed.Report)).Count;
        var fill = KeyPointRecall.Words(KeyPointRecall.Body(filled.Report)).Count;
        Assert.True(words < fill - 100, $"{words} words against {fill} without the stop rules:\n{evidenceLed.Report}");
        Assert.NotEmpty(evidenceLed.References);
    }

    [Fact]
    public async Task AQuestionOnlyTheFewNotesAnswer_GetsAReportClearlyUnderTheBudget_FromTheNotes_NotTheDocs()
    {
        var result = await corpus.RunAsync(new ExtractiveResearchModel(), "How does caffeine affect sleep?");

        Assert.True(result.AddressesQuestion);
        var quotes = result.References.SelectMany(r => r.Quotes.Select(_ => r.Url)).ToList();
        var fromNotes = quotes.Count(u => u.Contains("coffee", StringComparison.OrdinalIgnoreCase));
        Assert.True(fromNotes >= 0.8 * quotes.Count, $"{fromNotes} of {quotes.Count} quotes from the coffee notes:\n{result.Report}");
        Assert.True(KeyPointRecall.Words(KeyPointRecall.Body(result.Report)).Count <= Budget * 0.5, result.Report);
    }

    /// <summary>The docs folder and the coffee notes, in one folder, indexed once.</summary>
    public sealed class MixedCorpus : IAsyncLifetime
    {
        private static readonly (string Name, string Text)[] Notes =
        [
            ("caffeine-and-sleep.md", "# Caffeine and sleep\n\nCaffeine blocks adenosine receptors in the brain, and adenosine is what builds the pressure to sleep through the day. A cup of coffee in the late afternoon can delay falling asleep by twenty minutes or more. Caffeine has a half-life of about five hours in most adults, so half of an evening cup is still active at midnight. People who drink coffee late report lighter sleep and more waking in the night, even when they fall asleep easily.\n"),
            ("brewing.md", "# Brewing coffee at home\n\nA pour-over uses water just off the boil, about 93 degrees Celsius, poured slowly over medium-fine grounds. A French press steeps coarse grounds for four minutes before the plunger is pressed. Espresso forces hot water through finely ground coffee at nine bars of pressure. The ratio most guides suggest is one gram of coffee to sixteen grams of water.\n"),
            ("tolerance.md", "# Tolerance to caffeine\n\nRegular coffee drinkers build a tolerance to caffeine within a week or two, so the same cup wakes them less. Tolerance does not protect sleep fully: caffeine taken near bedtime still shortens deep sleep in habitual drinkers. Cutting back abruptly can bring headaches and tiredness for a few days. Slow metabolisers of caffeine feel its effect on sleep for longer than fast metabolisers.\n"),
            ("history.md", "# A short history of coffee\n\nCoffee drinking spread from Yemen to Cairo and Istanbul in the fifteenth and sixteenth centuries. Coffee houses opened in London and Vienna in the seventeenth century and became places of news and debate. Brazil has been the largest coffee producer for more than a century.\n"),
            ("decaf.md", "# Decaffeinated coffee\n\nDecaffeinated coffee still holds a small amount of caffeine, usually two to fifteen milligrams a cup. Switching to decaf in the afternoon is the simplest way to keep coffee and protect sleep. Sleep researchers advise stopping caffeine at least six hours before bedtime.\n"),
        ];

        private readonly TempDirectory _dir = new();

        public Task<ResearchResult> RunAsync(IResearchModel model, string question) => FolderResearch.RunAsync(model, _dir.File("corpus"), _dir.File("index.db"), question);

        public async Task InitializeAsync()
        {
            var docs = Directory.CreateDirectory(_dir.File(Path.Combine("corpus", "docs")));
            foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md"))
            {
                File.Copy(file, Path.Combine(docs.FullName, Path.GetFileName(file)));
            }

            var coffee = Directory.CreateDirectory(_dir.File(Path.Combine("corpus", "coffee")));
            foreach (var (name, text) in Notes)
            {
                await File.WriteAllTextAsync(Path.Combine(coffee.FullName, name), text);
            }

            // Index once (with embeddings); each run then opens the index as it is.
            using var handle = await EngineFactory.CreateAsync(new EngineOptions { Model = new ExtractiveResearchModel(), CorpusDirectory = _dir.File("corpus"), IndexPath = _dir.File("index.db") });
        }

        public Task DisposeAsync()
        {
            _dir.Dispose();
            return Task.CompletedTask;
        }
    }
}
