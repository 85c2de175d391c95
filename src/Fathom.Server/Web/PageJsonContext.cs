using System.Text.Json.Serialization;

namespace Fathom.Server.Web;

/// <summary>A run as the list of a key's runs shows it.</summary>
internal sealed record RunSummaryView(string Id, string Status, string Question, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long LastEventId, bool Live, bool HasReport);

/// <summary><c>GET /api/v1/research</c>: the caller's runs, newest first.</summary>
internal sealed record RunListView(IReadOnlyList<RunSummaryView> Runs);

/// <summary>A run just started (or started again with answers): where to follow it.</summary>
internal sealed record RunStartView(string Id, string Status, string Question, bool ReviewPlan, string Events, string? Notice, string RequestId);

/// <summary>The plan a run waits with, or the one it was just given.</summary>
internal sealed record PlanView(string Id, string Brief, IReadOnlyList<string> Outline, bool Waiting);

/// <summary>A report ready to show: its title, byline and HTML (citations as links with their quotes).</summary>
internal sealed record ReportView(string Id, string Title, string Byline, DateTimeOffset Date, int SourceCount, string Html);

/// <summary><c>GET /healthz</c>.</summary>
internal sealed record HealthView(string Status, string Model);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RunListView))]
[JsonSerializable(typeof(RunStartView))]
[JsonSerializable(typeof(PlanView))]
[JsonSerializable(typeof(ReportView))]
[JsonSerializable(typeof(HealthView))]
internal sealed partial class PageJsonContext : JsonSerializerContext;
