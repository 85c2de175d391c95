using Fathom.Research;

namespace Fathom.Server.OpenAI;

/// <summary>The model names of the OpenAI-compatible endpoint: one per report style.</summary>
internal static class OpenAIModels
{
    public const string Detailed = "fathom-deep-research";
    public const string Summary = "fathom-deep-research-summary";

    public static IReadOnlyList<string> Names { get; } = [Detailed, Summary];

    public static ReportStyle? StyleOf(string model) => model switch
    {
        Detailed => ReportStyle.Detailed,
        Summary => ReportStyle.Summary,
        _ => null,
    };
}
