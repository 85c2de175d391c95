namespace Fathom.Research;

/// <summary>
/// The one budget of a run: the tokens and money its model calls spend, the searches it makes and
/// the pages it reads, against the run's <see cref="ResearchLimits"/>. Every spend is reserved first
/// and recorded after, so concurrent calls cannot each see room under a ceiling and together cross
/// it. A refusal is remembered: from then on the limit counts as reached, so the run stops
/// researching and says which limit it was even though the ceiling itself was never crossed.
/// Thread-safe.
/// </summary>
public sealed class RunBudget
{
    private readonly Lock _gate = new();
    private TokenUsage _spent;
    private long _heldTokens;
    private decimal _heldCost;
    private int _queries;
    private int _pages;
    private LimitKind? _refused;

    /// <summary>A budget for a run under <paramref name="limits"/> that has already spent <paramref name="spent"/> (when resumed).</summary>
    public RunBudget(ResearchLimits limits, TokenUsage? spent = null, int queries = 0, int pages = 0)
    {
        Limits = limits;
        _spent = spent ?? TokenUsage.Zero;
        _queries = queries;
        _pages = pages;
    }

    /// <summary>The limits the budget enforces.</summary>
    public ResearchLimits Limits { get; }

    /// <summary>Tokens and money recorded so far.</summary>
    public TokenUsage Spent
    {
        get
        {
            lock (_gate)
            {
                return _spent;
            }
        }
    }

    /// <summary>Searches made so far.</summary>
    public int Queries => Volatile.Read(ref _queries);

    /// <summary>Pages read so far.</summary>
    public int Pages => Volatile.Read(ref _pages);

    /// <summary>Tokens left before the ceiling; null when there is none.</summary>
    public long? TokensLeft => Limits.TokenBudget is { } b ? Math.Max(0, b - Spent.TotalTokens) : null;

    /// <summary>Money left before the ceiling; null when there is none.</summary>
    public decimal? MoneyLeft => Limits.CostBudget is { } b ? Math.Max(0, b - Spent.Cost) : null;

    /// <summary>The first limit that stops research (a ceiling reached or a spend refused), or null while all have room.</summary>
    public LimitKind? Reached
    {
        get
        {
            lock (_gate)
            {
                return _refused ?? CrossedModelLimit();
            }
        }
    }

    /// <summary>The token or money limit that stops further research calls, or null while both have room.</summary>
    public LimitKind? ModelLimitReached
    {
        get
        {
            lock (_gate)
            {
                return _refused is LimitKind.TokenBudget or LimitKind.CostBudget ? _refused : CrossedModelLimit();
            }
        }
    }

    /// <summary>
    /// Holds back a model call's worst case (<paramref name="tokens"/>, <paramref name="cost"/>) with
    /// <paramref name="headroomTokens"/> and <paramref name="headroomCost"/> kept free beyond it but not
    /// held (what research leaves for the writer). A research call is refused once a model limit is
    /// reached; the writer's call only when it would cross a ceiling.
    /// </summary>
    /// <exception cref="BudgetExceededException">The call would cross a limit; the refusal is remembered.</exception>
    public BudgetHold Reserve(long tokens, decimal cost, bool forWriting, long headroomTokens = 0, decimal headroomCost = 0)
    {
        lock (_gate)
        {
            var refusal = !forWriting && (_refused is LimitKind.TokenBudget or LimitKind.CostBudget ? _refused : CrossedModelLimit()) is { } reached
                ? reached
                : Limits.TokenBudget is { } t && _spent.TotalTokens + _heldTokens + tokens + headroomTokens > t ? LimitKind.TokenBudget
                : Limits.CostBudget is { } c && _spent.Cost + _heldCost + cost + headroomCost > c ? LimitKind.CostBudget
                : (LimitKind?)null;
            if (refusal is { } kind)
            {
                _refused ??= kind;
                throw new BudgetExceededException(kind);
            }

            _heldTokens += tokens;
            _heldCost += cost;
            return new BudgetHold(this, tokens, cost);
        }
    }

    /// <summary>Takes one search from the query budget.</summary>
    /// <exception cref="BudgetExceededException">The query budget is spent; the refusal is remembered.</exception>
    public void TakeQuery() => Take(ref _queries, Limits.QueryBudget, LimitKind.QueryBudget);

    /// <summary>Takes one page read from the page budget.</summary>
    /// <exception cref="BudgetExceededException">The page budget is spent; the refusal is remembered.</exception>
    public void TakePage() => Take(ref _pages, Limits.PageBudget, LimitKind.PageBudget);

    /// <summary>
    /// Records that a stage gave up a call because the room left for it under <paramref name="limit"/>
    /// was too small to be worth making (the writer with no room for a single finding).
    /// </summary>
    public void Refuse(LimitKind limit)
    {
        lock (_gate)
        {
            _refused ??= limit;
        }
    }

    /// <summary>Adds usage that was spent outside a hold (a model that meters itself).</summary>
    public void Record(TokenUsage usage)
    {
        lock (_gate)
        {
            _spent = _spent.Add(usage);
        }
    }

    internal void Release(long tokens, decimal cost)
    {
        lock (_gate)
        {
            _heldTokens -= tokens;
            _heldCost -= cost;
        }
    }

    private void Take(ref int count, int? ceiling, LimitKind kind)
    {
        lock (_gate)
        {
            if (ceiling is { } max && count >= max)
            {
                _refused ??= kind;
                throw new BudgetExceededException(kind);
            }

            count++;
        }
    }

    private LimitKind? CrossedModelLimit() =>
        Limits.TokenBudget is { } t && _spent.TotalTokens >= t ? LimitKind.TokenBudget
        : Limits.CostBudget is { } c && _spent.Cost >= c ? LimitKind.CostBudget
        : null;
}
