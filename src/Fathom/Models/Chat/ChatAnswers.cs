using System.Text.Json.Serialization;

namespace Fathom.Models.Chat;

/// <summary>The clarifier's answer: whether to ask, and what.</summary>
internal sealed record ClarifyAnswer(bool Needed, string? Text, IReadOnlyList<string>? Questions);

/// <summary>The planner's answer: the research brief and the report outline.</summary>
internal sealed record PlanAnswer(string? Brief, IReadOnlyList<string>? Outline);

/// <summary>The planner's reflection on the research so far: the next round, or a decision to stop.</summary>
internal sealed record RoundAnswer(bool Stop, string? StopReason, string? Goal, IReadOnlyList<string>? Queries);

/// <summary>The reader's answer for one page.</summary>
internal sealed record LearnAnswer(string? Summary, IReadOnlyList<LearnedFinding>? Findings);

/// <summary>One finding as the reader states it: a claim, the exact words it rests on, and how relevant it is.</summary>
internal sealed record LearnedFinding(string? Claim, string? Quote, double Relevance);

/// <summary>Source-generated JSON for the structured answers, snake_case as the prompts describe them.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ClarifyAnswer))]
[JsonSerializable(typeof(PlanAnswer))]
[JsonSerializable(typeof(RoundAnswer))]
[JsonSerializable(typeof(LearnAnswer))]
internal sealed partial class ChatAnswerJson : JsonSerializerContext;
