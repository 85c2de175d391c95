using Fathom.Events;
using Fathom.Models;
using Fathom.Models.Extractive;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;
using Fathom.Testing;
using Fathom.Tests.Support;
using Fathom.Text;

namespace Fathom.Tests.Models.Extractive;

public sealed class ExtractiveStageTests
{
    private const string Question = "Why do lithium batteries lose capacity?";

    private static readonly ReadPage[] Pages =
    [
        new("https://a.example/fade", "Capacity fade", "Lithium batteries lose capacity as the solid electrolyte interphase grows on the anode. The interphase consumes lithium that can no longer carry charge. Fast charging causes lithium plating, which also traps lithium. Menu\nSubscribe now to our newsletter for more stories every week."),
        new("https://b.example/heat", "Heat and batteries", "Heat speeds up the side reactions that make lithium batteries lose capacity. Batteries stored at 40 degrees lose about 35 percent of capacity in a year. The solid electrolyte interphase grows faster when the cell is hot."),
        new("https://c.example/cycles", "Charge cycles", "Each charge cycle cracks the cathode particles a little, so capacity fades with use. Deep discharges wear batteries faster than shallow ones. Lithium plating is worst when charging in the cold."),
        new("https://d.example/bread", "Bread", "Sourdough bread rises because wild yeast ferments the dough slowly overnight in a warm kitchen."),
    ];

    private static (StageRun Context, InMemoryCorpus Corpus) Context(ResearchLimits? limits = null)
    {
        var corpus = new InMemoryCorpus(Pages);
        var request = new ResearchRequest { Question = Question, AllowClarification = false, Limits = limits ?? new ResearchLimits() };
        return (new StageRun(request, lookup: new CorpusTools(corpus)), corpus);
    }

    [Fact]
    public async Task Clarify_AsksAboutTheAspectsTheFirstPagesReveal_AndInfoSaysNoLanguageModel()
    {
        var model = new ExtractiveResearchModel();
        var (context, corpus) = Context();

        var clarification = await model.ClarifyAsync(context, CancellationToken.None);

        Assert.True(clarification.IsNeeded);
        Assert.True(corpus.Searches > 0);
        Assert.Contains(clarification.Questions, q => q.Contains("matter most to you", StringComparison.Ordinal));
        Assert.Contains("1. ", clarification.Text, StringComparison.Ordinal);
        Assert.False(model.Info.IsLanguageModel);
        Assert.Equal("extractive", model.Info.Name);
    }

    [Fact]
    public async Task Plan_MinesAspectsTheFirstPagesShare()
    {
        var (context, corpus) = Context();

        var plan = await new ExtractiveResearchModel().PlanAsync(context, CancellationToken.None);

        Assert.True(corpus.Searches > 0);
        Assert.Equal(ReportComposer.FurtherFindings, plan.Outline[^1]);
        Assert.Contains(plan.Outline, h => h.Equals("Lithium plating", StringComparison.OrdinalIgnoreCase) || h.Contains("interphase", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("lithium batteries lose capacity", plan.Brief, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Learn_QuotesAreVerbatimAtTheirPositions_AndTheSameEveryTime()
    {
        var (context, _) = Context();
        var model = new ExtractiveResearchModel();
        var card = context.Sources.Register(Pages[0].Url, Pages[0].Title, "");

        var first = await model.LearnAsync(context, Pages[0], card, CancellationToken.None);
        var second = await model.LearnAsync(context, Pages[0], card, CancellationToken.None);

        Assert.NotEmpty(first.Findings);
        Assert.Equal(first.Findings, second.Findings);
        Assert.All(first.Findings, f =>
        {
            Assert.Equal(f.Quote, Pages[0].Text.Substring(f.Position, f.Quote.Length));
            Assert.Equal(f.Quote, f.Claim);
            Assert.Equal(card.Number, f.SourceNumber);
        });
        Assert.DoesNotContain(first.Findings, f => f.Quote.StartsWith("Menu", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Learn_APageThatNeverSpeaksOfTheQuestion_GivesNothing()
    {
        var (context, _) = Context();
        var card = context.Sources.Register(Pages[3].Url, Pages[3].Title, "");

        var learning = await new ExtractiveResearchModel().LearnAsync(context, Pages[3], card, CancellationToken.None);

        Assert.Empty(learning.Findings);
    }

    [Fact]
    public async Task PlanRound_StartsWithTheQuestion_AndStopsAfterARoundThatFoundNothing()
    {
        var (context, _) = Context();
        var model = new ExtractiveResearchModel();
        context.Plan = await model.PlanAsync(context, CancellationToken.None);

        var first = await model.PlanRoundAsync(context, 1, CancellationToken.None);
        context.AddRound(new RoundRecord(1, first.Goal, first.Queries) { NewFindings = 0 });
        var second = await model.PlanRoundAsync(context, 2, CancellationToken.None);

        Assert.False(first.IsStop);
        Assert.Equal(Question, first.Queries[0]);
        Assert.True(second.IsStop);
    }

    [Fact]
    public async Task PlanRound_FeedsBackTermsThatReachUnreadPages()
    {
        var (context, _) = Context();
        var model = new ExtractiveResearchModel();
        context.Plan = new ResearchPlan("", [ReportComposer.FurtherFindings]);
        foreach (var page in Pages.Take(2))
        {
            var card = context.Sources.Register(page.Url, page.Title, "");
            context.Sources.AddFindings((await model.LearnAsync(context, page, card, CancellationToken.None)).Findings);
        }

        context.AddRound(new RoundRecord(1, "", [Question]) { NewFindings = 5 });
        var round = await model.PlanRoundAsync(context, 2, CancellationToken.None);

        Assert.False(round.IsStop);
        Assert.All(round.Queries, q => Assert.StartsWith(Question, q, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_StaysWithinTheWordBudget_DisclosesTheMethod_AndIsDeterministic()
    {
        var (context, _) = Context(new ResearchLimits { ReportWordBudget = 120 });
        var model = new ExtractiveResearchModel();
        context.Plan = new ResearchPlan("", ["Lithium plating", ReportComposer.FurtherFindings]);
        foreach (var page in Pages)
        {
            var card = context.Sources.Register(page.Url, page.Title, "");
            context.Sources.AddFindings((await model.LearnAsync(context, page, card, CancellationToken.None)).Findings);
        }

        var draft = await model.WriteAsync(context, CancellationToken.None);
        var again = await model.WriteAsync(context, CancellationToken.None);
        var verified = ReportVerifier.Verify(draft.Markdown, context.Sources, 120);

        Assert.Equal(draft, again);
        Assert.Contains(ReportComposer.Disclosure, draft.Markdown, StringComparison.Ordinal);
        Assert.True(KeyPointRecall.Words(draft.Markdown).Count <= 120, draft.Markdown);
        Assert.True(Words.Count(draft.Markdown) <= 120, draft.Markdown);
        Assert.Contains("[[", draft.Markdown, StringComparison.Ordinal);
        Assert.Equal(0, verified.Summary.Removed);
        Assert.DoesNotContain("Sourdough", draft.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_ASummaryReport_IsShort()
    {
        var pages = Enumerable.Range(0, 30).Select(i => new ReadPage(
            $"https://s{i}.example/", $"Study {i}",
            $"Study {i} found that lithium batteries lose {i + 3} percent of capacity after {i * 50 + 100} cycles at {i + 20} degrees. Cells from maker {i} lost capacity fastest when charged above {80 + (i % 20)} percent. Capacity loss in study {i} slowed after the first {i + 2} months of use."))
            .ToList();
        var request = new ResearchRequest { Question = Question, AllowClarification = false, Style = ReportStyle.Summary };
        var context = new StageRun(request, lookup: new CorpusTools(new InMemoryCorpus(pages)));
        var model = new ExtractiveResearchModel();
        foreach (var page in pages)
        {
            var card = context.Sources.Register(page.Url, page.Title, "");
            context.Sources.AddFindings((await model.LearnAsync(context, page, card, CancellationToken.None)).Findings);
        }

        var draft = await model.WriteAsync(context, CancellationToken.None);

        Assert.InRange(KeyPointRecall.Words(draft.Markdown).Count, ExtractiveResearchModel.SummaryWords / 2, ExtractiveResearchModel.SummaryWords);
    }

    [Fact]
    public async Task Write_ASummaryReport_HasSections()
    {
        var pages = Enumerable.Range(0, 12).Select(i => new ReadPage(
            $"https://s{i}.example/", $"Study {i}",
            $"Study {i} found that lithium batteries lose {i + 3} percent of capacity after {i * 50 + 100} cycles at {i + 20} degrees. Cells from maker {i} lost capacity fastest when charged above {80 + (i % 20)} percent. Capacity loss in study {i} slowed after the first {i + 2} months of use."))
            .ToList();
        var request = new ResearchRequest { Question = Question, AllowClarification = false, Style = ReportStyle.Summary };
        var context = new StageRun(request, lookup: new CorpusTools(new InMemoryCorpus(pages)));
        context.Plan = new ResearchPlan("", ["Capacity loss", "Charging", ReportComposer.FurtherFindings]);
        var model = new ExtractiveResearchModel();
        foreach (var page in pages)
        {
            var card = context.Sources.Register(page.Url, page.Title, "");
            context.Sources.AddFindings((await model.LearnAsync(context, page, card, CancellationToken.None)).Findings);
        }

        var draft = await model.WriteAsync(context, CancellationToken.None);

        Assert.True(KeyPointRecall.Words(draft.Markdown).Count <= ExtractiveResearchModel.SummaryWords);
        Assert.Contains("## Capacity loss", draft.Markdown, StringComparison.Ordinal);
        Assert.Contains("## Charging", draft.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WholeRun_OverAnInMemoryCorpus_WritesAVerifiedDisclosedReport()
    {
        var corpus = new InMemoryCorpus(Pages);
        var engine = new ResearchEngine(new ExtractiveResearchModel(), [corpus], corpus);
        var events = new List<ResearchEvent>();
        await foreach (var e in engine.RunAsync(new ResearchRequest { Question = Question, AllowClarification = false }))
        {
            events.Add(e);
        }

        var result = ResearchResult.Fold(events);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Contains("No language model wrote this report", result.Report, StringComparison.Ordinal);
        Assert.NotEmpty(result.References);
        Assert.All(result.References, r => Assert.All(r.Quotes, q => Assert.Contains(q, Pages.Single(p => p.Url == r.Url).Text, StringComparison.Ordinal)));
    }
}
