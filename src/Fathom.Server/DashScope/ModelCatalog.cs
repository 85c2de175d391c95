using Fathom.Models;
using Fathom.Research;

namespace Fathom.Server.DashScope;

/// <summary>
/// The model names the endpoint accepts. The hosted names map to Fathom's configured model; the
/// snapshot name also switches WebResearch to the <c>streamingThinking</c> status, as the hosted snapshot does.
/// </summary>
public sealed class ModelCatalog(ModelInfo configured)
{
    public const string Mainline = "qwen-deep-research";
    public const string Snapshot = "qwen-deep-research-2025-12-15";
    public const string Fathom = "fathom";

    /// <summary>The model that does the research behind every name.</summary>
    public ModelInfo Configured => configured;

    /// <summary>Every accepted name.</summary>
    public IReadOnlyList<string> Names { get; } = new[] { Mainline, Snapshot, Fathom, configured.Name }.Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Whether <paramref name="name"/> is accepted.</summary>
    public bool Accepts(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>Whether the name streams WebResearch as <c>streamingThinking</c>.</summary>
    public static bool UsesThinkingStatus(string name) => string.Equals(name, Snapshot, StringComparison.Ordinal);
}
