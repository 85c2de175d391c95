namespace Fathom.Server.DashScope;

/// <summary>
/// One success chunk of a deep-research stream, as the hosted API sends it: the message's phase,
/// status and text, the <c>extra.deep_research</c> payload, and the usage so far.
/// </summary>
public sealed record DashScopeChunk(string Phase, string Status, string Content, DeepResearchPayload DeepResearch, ChunkUsage Usage);

/// <summary>Cumulative token usage as every chunk carries it.</summary>
public readonly record struct ChunkUsage(long InputTokens, long OutputTokens);

/// <summary>
/// The <c>extra.deep_research</c> object: empty, a research-round payload, or the report's references.
/// </summary>
public sealed record DeepResearchPayload(ResearchProgress? Research = null, IReadOnlyList<ChunkReference>? References = null)
{
    /// <summary>The empty object <c>{}</c>.</summary>
    public static DeepResearchPayload Empty { get; } = new();
}

/// <summary>
/// <c>deep_research.research</c>: one round's progress. Members are written only when set, in the
/// order the hosted service writes them (<c>researchGoal</c>, <c>id</c>, <c>query</c>, <c>webSites</c>, <c>learningMap</c>).
/// </summary>
public sealed record ResearchProgress(
    int Id,
    string? Query = null,
    string? ResearchGoal = null,
    IReadOnlyList<WebSite>? WebSites = null,
    IReadOnlyList<KeyValuePair<string, string>>? LearningMap = null);

/// <summary>A page found in a round (<c>webSites[]</c>).</summary>
public sealed record WebSite(string Description, string Title, string Favicon, string Url);

/// <summary>A cited source of the report (<c>references[]</c>).</summary>
public sealed record ChunkReference(string Icon, string Description, int IndexNumber, string Title, string Url);

/// <summary>The phase names of the stream.</summary>
public static class DashScopePhase
{
    public const string Answer = "answer";
    public const string ResearchPlanning = "ResearchPlanning";
    public const string WebResearch = "WebResearch";
    public const string KeepAlive = "KeepAlive";
}

/// <summary>The status names of the stream.</summary>
public static class DashScopeStatus
{
    public const string Typing = "typing";
    public const string Finished = "finished";
    public const string StreamingQueries = "streamingQueries";
    public const string StreamingWebResult = "streamingWebResult";
    public const string StreamingThinking = "streamingThinking";
    public const string WebResultFinished = "WebResultFinished";
}
