using Fathom.Models.Chat;
using Fathom.Models.Tests.Support;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Tests;

public sealed class StageTests
{
    private const string Page =
        "Most startups fail because they run out of cash.\nAnother common reason is that there is no market need for the product.  Founders also   fall out with each other.";

    private static ChatResearchModel Model(Func<ScriptedCall, ChatResponse> respond, out ScriptedChatClient client, ChatModelOptions? options = null)
    {
        client = new ScriptedChatClient(respond);
        return new ChatResearchModel(ChatModelRoles.Shared(client), options);
    }

    [Fact]
    public async Task Clarify_ModelAsks_ReturnsItsQuestions()
    {
        var model = Model(_ => ScriptedChatClient.Reply("""{"needed": true, "text": "Which market?", "questions": ["Which country?", "Which decade?"]}"""), out _);

        var clarification = await model.ClarifyAsync(Contexts.For("why startups fail"), default);

        Assert.True(clarification.IsNeeded);
        Assert.Equal(["Which country?", "Which decade?"], clarification.Questions);
    }

    [Fact]
    public async Task Plan_BrokenJsonThenValid_RepairsOnceWithTheError()
    {
        var model = Model(
            call => call.IsRepair
                ? ScriptedChatClient.Reply("""{"brief": "Reasons startups fail.", "outline": ["Money", "Market"]}""")
                : ScriptedChatClient.Reply("""{"brief": "Reasons startups fail.", "outline": ["Money", "Market"}"""),
            out var client);
        var context = Contexts.For();

        var plan = await model.PlanAsync(context, default);

        Assert.Equal(["Money", "Market"], plan.Outline);
        Assert.Equal(2, client.Calls.Count);
        Assert.Contains("not valid JSON", client.Calls[1].Messages[^1].Text, StringComparison.Ordinal);
        Assert.Empty(context.DrainRejections());
    }

    [Fact]
    public async Task Plan_BrokenJsonTwice_RejectsAndFallsBackToTheQuestion()
    {
        var model = Model(_ => ScriptedChatClient.Reply("Sure! Here is the plan: brief = money, outline = market"), out var client);
        var context = Contexts.For();

        var plan = await model.PlanAsync(context, default);

        Assert.Equal(2, client.Calls.Count);
        Assert.Equal(["why startups fail"], plan.Outline);
        var rejection = Assert.Single(context.DrainRejections());
        Assert.Equal("plan", rejection.Stage);
        Assert.Contains("no JSON object", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_AnswerInsideThinkTags_UsesOnlyTheAnswer()
    {
        var model = Model(_ => ScriptedChatClient.Reply("""
            <think>The user wants {"brief": "wrong", "outline": ["Thinking"]}. Let me plan.</think>
            {"brief": "Reasons startups fail.", "outline": ["Money"]}
            """), out _);

        var plan = await model.PlanAsync(Contexts.For(), default);

        Assert.Equal("Reasons startups fail.", plan.Brief);
        Assert.Equal(["Money"], plan.Outline);
    }

    [Fact]
    public async Task PlanRound_QueriesRepeatEarlierOnes_LoopGuardStops()
    {
        var model = Model(_ => ScriptedChatClient.Reply("""{"stop": false, "goal": "again", "queries": ["Startups fail why?", "reasons failure startup"]}"""), out _);
        var context = Contexts.For();
        context.AddRound(new RoundRecord(1, "first", ["why startups fail", "startup failure reasons"]) { NewFindings = 3, Reflection = "ok" });

        var plan = await model.PlanRoundAsync(context, 2, default);

        Assert.True(plan.IsStop);
        Assert.Contains("loop guard", plan.StopReason, StringComparison.Ordinal);
        Assert.Contains(context.DrainRejections(), r => r.Stage == "plan_round" && r.Reason.Contains("loop guard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanRound_TwoBarrenRounds_StopsWithoutAskingTheModel()
    {
        var model = Model(_ => throw new InvalidOperationException("the model must not be asked"), out var client);
        var context = Contexts.For();
        context.AddRound(new RoundRecord(1, "a", ["q1"]) { NewFindings = 0, Reflection = "No new findings this round." });
        context.AddRound(new RoundRecord(2, "b", ["q2"]) { NewFindings = 0, Reflection = "No new findings this round." });

        var plan = await model.PlanRoundAsync(context, 3, default);

        Assert.True(plan.IsStop);
        Assert.Contains("nothing new", plan.StopReason, StringComparison.Ordinal);
        Assert.Empty(client.Calls);
    }

    [Fact]
    public async Task PlanRound_FirstRoundAnswerUnusable_SearchesTheQuestion()
    {
        var model = Model(_ => ScriptedChatClient.Reply("{}"), out _);
        var context = Contexts.For();

        var plan = await model.PlanRoundAsync(context, 1, default);

        Assert.False(plan.IsStop);
        Assert.Contains("why startups fail", plan.Queries);
        Assert.Single(context.DrainRejections());
    }

    [Fact]
    public async Task Learn_InventedQuote_IsDroppedAndReported()
    {
        var model = Model(_ => ScriptedChatClient.Reply(ResearchScript.LearnJson([
            ("Cash runs out.", "Most startups fail because they run out of cash."),
            ("Regulation kills startups.", "Government regulation is the number one killer of startups."),
        ])), out _);
        var context = Contexts.For();
        var source = context.Sources.Register("https://example.org/a", "A", "");

        var learning = await model.LearnAsync(context, new ReadPage(source.Url, "A", Page), source, default);

        var finding = Assert.Single(learning.Findings);
        Assert.Equal("Most startups fail because they run out of cash.", finding.Quote);
        Assert.Equal(0, finding.Position);
        var rejection = Assert.Single(context.DrainRejections());
        Assert.Equal("learn", rejection.Stage);
        Assert.Contains("1 quote(s) not found", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Learn_NearVerbatimQuote_IsReplacedByThePagesExactWords()
    {
        var model = Model(_ => ScriptedChatClient.Reply(ResearchScript.LearnJson([
            ("No need.", "another common reason is that there is no market need for the product. founders also fall out with each other."),
        ])), out _);
        var context = Contexts.For();
        var source = context.Sources.Register("https://example.org/a", "A", "");

        var learning = await model.LearnAsync(context, new ReadPage(source.Url, "A", Page), source, default);

        var finding = Assert.Single(learning.Findings);
        Assert.Contains(finding.Quote, Page, StringComparison.Ordinal);
        Assert.StartsWith("Another common reason", finding.Quote, StringComparison.Ordinal);
        Assert.EndsWith("each other.", finding.Quote, StringComparison.Ordinal);
        Assert.Empty(context.DrainRejections());
    }

    [Fact]
    public async Task Learn_EveryQuoteInvented_AsksForRepairThenKeepsTheRealOnes()
    {
        var model = Model(
            call => ScriptedChatClient.Reply(call.IsRepair
                ? ResearchScript.LearnJson([("Founders fight.", "Founders also fall out with each other.")])
                : ResearchScript.LearnJson([("Made up.", "Startups fail because of the weather on launch day.")])),
            out var client);
        var context = Contexts.For();
        var source = context.Sources.Register("https://example.org/a", "A", "");

        var learning = await model.LearnAsync(context, new ReadPage(source.Url, "A", Page), source, default);

        Assert.Equal(2, client.Calls.Count);
        Assert.Contains("word for word", client.Calls[1].Messages[^1].Text, StringComparison.Ordinal);
        Assert.Equal("Founders also   fall out with each other.", Assert.Single(learning.Findings).Quote);
    }

    [Fact]
    public async Task Write_DegenerateRepetitionThenGoodReport_RepairsOnce()
    {
        var model = Model(
            call => ScriptedChatClient.Reply(call.IsRepair
                ? "# Report\n\nMost startups fail because they run out of cash [[1]]."
                : string.Concat(Enumerable.Repeat("Startups fail for many many reasons [[1]]. ", 8))),
            out var client);
        var context = WithFinding();

        var draft = await model.WriteAsync(context, default);

        Assert.Equal(2, client.Calls.Count);
        Assert.Contains("repeats the same sentence", client.Calls[1].Messages[^1].Text, StringComparison.Ordinal);
        Assert.Contains("run out of cash [[1]]", draft.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_NoCitationsTwice_ComposesFromTheQuotes()
    {
        var model = Model(_ => ScriptedChatClient.Reply("# Report\n\nStartups fail a lot."), out _);
        var context = WithFinding();

        var draft = await model.WriteAsync(context, default);

        Assert.Contains("Most startups fail because they run out of cash [[1]].", draft.Markdown, StringComparison.Ordinal);
        Assert.Contains(context.DrainRejections(), r => r.Stage == "write");
    }

    [Theory]
    [InlineData("为什么创业公司会失败？", null, "Write in Chinese.")]
    [InlineData("Почему стартапы терпят неудачу?", null, "Write in Russian.")]
    [InlineData("why startups fail", null, "Write in the language the question is written in.")]
    [InlineData("为什么创业公司会失败？", "English", "Write in English.")]
    public async Task Write_ReportLanguage_IsTheQuestionsUnlessAsked(string question, string? requested, string expected)
    {
        var model = Model(_ => ScriptedChatClient.Reply("# R\n\nMost startups fail because they run out of cash [[1]]."), out var client, new ChatModelOptions { ReportLanguage = requested });

        await model.WriteAsync(WithFinding(question), default);

        Assert.Contains(expected, client.Calls[0].System, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ModelSeesImages_OnlyWhenItSupportsThem()
    {
        var request = Runs.Request() with { Images = [new ImageInput("data:image/png;base64,iVBORw0KGgo=", "image/png"), new ImageInput("https://example.org/chart.png", "image/png")] };
        const string Plan = """{"brief": "b", "outline": ["o"]}""";
        var seeing = Model(_ => ScriptedChatClient.Reply(Plan), out var seeingClient, new ChatModelOptions { SupportsImages = true });
        var blind = Model(_ => ScriptedChatClient.Reply(Plan), out var blindClient);

        await seeing.PlanAsync(Contexts.For(request), default);
        await blind.PlanAsync(Contexts.For(request), default);

        var contents = seeingClient.Calls[0].Messages[1].Contents;
        Assert.Single(contents.OfType<DataContent>());
        Assert.Single(contents.OfType<UriContent>());
        Assert.True(seeing.Info.SupportsImages);
        Assert.DoesNotContain(blindClient.Calls[0].Messages[1].Contents, c => c is DataContent or UriContent);
        Assert.Contains("2 image(s) came with the question", blindClient.Calls[0].Material, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_AddProviderUsageAndPricedCost()
    {
        var prices = PriceTable.Parse("scripted-model=2/8");
        var model = Model(_ => ScriptedChatClient.Reply("""{"brief": "b", "outline": ["o"]}""", input: 1_000_000, output: 500_000), out _, new ChatModelOptions { Prices = prices });
        var context = Contexts.For();

        await model.PlanAsync(context, default);

        Assert.Equal(new TokenUsage(1_000_000, 500_000, 6m), context.Budget.Spent);
    }

    [Fact]
    public async Task Calls_WouldCrossTheTokenBudget_AreNotMade()
    {
        var model = Model(_ => throw new InvalidOperationException("the model must not be asked"), out var client);
        var request = Runs.Request() with { Limits = new ResearchLimits { TokenBudget = 500 } };
        var context = Contexts.For(request);

        var plan = await model.PlanAsync(context, default);
        var round = await model.PlanRoundAsync(context, 1, default);

        Assert.Empty(client.Calls);
        Assert.Equal(["why startups fail"], plan.Outline);
        Assert.True(round.IsStop);
        Assert.Equal(LimitKind.TokenBudget, context.Budget.Reached);
    }

    [Fact]
    public async Task Calls_WouldCrossTheMoneyBudget_AreNotMade()
    {
        var model = Model(_ => throw new InvalidOperationException("the model must not be asked"), out var client, new ChatModelOptions { Prices = PriceTable.Parse("scripted=1000/1000") });
        var context = Contexts.For(Runs.Request() with { Limits = new ResearchLimits { CostBudget = 0.5m } });

        await model.PlanAsync(context, default);

        Assert.Empty(client.Calls);
        Assert.Equal(LimitKind.CostBudget, context.Budget.Reached);
    }

    [Fact]
    public async Task Calls_ProviderFailsAfterRetries_RunGoesOnWithoutTheAnswer()
    {
        var model = Model(_ => throw new HttpRequestException("overloaded", null, System.Net.HttpStatusCode.TooManyRequests), out _);
        var context = Contexts.For();

        var plan = await model.PlanAsync(context, default);

        Assert.Equal(["why startups fail"], plan.Outline);
        Assert.Contains("HTTP 429", Assert.Single(context.DrainRejections()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_ProviderRefusesTheKey_FailsWithAdvice()
    {
        var model = Model(_ => throw new HttpRequestException("unauthorized", null, System.Net.HttpStatusCode.Unauthorized), out _);

        var error = await Assert.ThrowsAsync<Fathom.Models.Providers.ModelProviderException>(() => model.PlanAsync(Contexts.For(), default));

        Assert.Contains("check the API key", error.Message, StringComparison.Ordinal);
    }

    private static ResearchContext WithFinding(string question = "why startups fail")
    {
        var context = Contexts.For(question);
        var source = context.Sources.Register("https://example.org/a", "A", "");
        context.Sources.AddFindings([new Finding(source.Number, "Cash runs out.", "Most startups fail because they run out of cash.", 0.9, 0)]);
        return context;
    }
}
