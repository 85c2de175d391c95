using Fathom.Research;

namespace Fathom.Tests.Research;

public sealed class RunBudgetTests
{
    [Fact]
    public async Task Reserve_ConcurrentCalls_OnlyThoseThatFitBesideTheOthersAreMade()
    {
        var budget = new RunBudget(new ResearchLimits { TokenBudget = 1_000 });
        var made = 0;
        var refused = 0;

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            try
            {
                using var hold = budget.Reserve(200, 0, forWriting: false);
                Interlocked.Increment(ref made);
                await Task.Delay(50);
                hold.Record(new TokenUsage(100, 100));
            }
            catch (BudgetExceededException ex)
            {
                Assert.Equal(LimitKind.TokenBudget, ex.Limit);
                Interlocked.Increment(ref refused);
            }
        })));

        Assert.Equal(5, made);
        Assert.Equal(5, refused);
        Assert.Equal(1_000, budget.Spent.TotalTokens);
        Assert.Equal(LimitKind.TokenBudget, budget.Reached);
    }

    [Fact]
    public void Reserve_RefusedOnce_ResearchCallsStayRefusedButTheWriterMayUseWhatIsLeft()
    {
        var budget = new RunBudget(new ResearchLimits { TokenBudget = 1_000 });
        Assert.Throws<BudgetExceededException>(() => budget.Reserve(600, 0, forWriting: false, headroomTokens: 500));

        Assert.Equal(LimitKind.TokenBudget, budget.ModelLimitReached);
        Assert.Throws<BudgetExceededException>(() => budget.Reserve(10, 0, forWriting: false));
        using var writing = budget.Reserve(900, 0, forWriting: true);
    }

    [Fact]
    public void TakeQuery_BeyondTheQueryBudget_IsRefusedAndTheLimitIsReached()
    {
        var budget = new RunBudget(new ResearchLimits { QueryBudget = 2, PageBudget = 1 });
        budget.TakeQuery();
        budget.TakeQuery();
        budget.TakePage();

        Assert.Equal(LimitKind.QueryBudget, Assert.Throws<BudgetExceededException>(budget.TakeQuery).Limit);
        Assert.Equal(LimitKind.PageBudget, Assert.Throws<BudgetExceededException>(budget.TakePage).Limit);
        Assert.Equal(LimitKind.QueryBudget, budget.Reached);
        Assert.Null(budget.ModelLimitReached);
        Assert.Equal(2, budget.Queries);
    }

    [Fact]
    public void Messages_NameEachLimitAsTheWireDoes_WithCorrectPlurals()
    {
        var budget = new RunBudget(new ResearchLimits { MaxRounds = 1, QueryBudget = 1 });
        budget.TakeQuery();

        Assert.Equal(["rounds", "token_budget", "cost_budget", "deadline", "query_budget", "page_budget"], Enum.GetValues<LimitKind>().Select(LimitMessages.Name));
        Assert.Equal("The one round allowed was used.", LimitMessages.Reached(LimitKind.Rounds, budget));
        Assert.StartsWith("1 search of 1 made", LimitMessages.Reached(LimitKind.QueryBudget, budget), StringComparison.Ordinal);
        Assert.Equal("\"query_budget\"", System.Text.Json.JsonSerializer.Serialize(LimitKind.QueryBudget));
    }
}
