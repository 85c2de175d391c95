using System.Text.Json.Serialization;

namespace Fathom.Research;

/// <summary>How long and how detailed the report should be.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReportStyle>))]
public enum ReportStyle
{
    /// <summary>A full report with sections (the default).</summary>
    Detailed,

    /// <summary>A short summary.</summary>
    Summary,
}
