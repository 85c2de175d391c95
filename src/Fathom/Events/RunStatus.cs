using System.Text.Json.Serialization;

namespace Fathom.Events;

/// <summary>How a run ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    /// <summary>A report was written.</summary>
    Completed,

    /// <summary>The run asked clarifying questions and waits for answers.</summary>
    NeedsClarification,

    /// <summary>The caller cancelled; whatever was found is kept.</summary>
    Cancelled,

    /// <summary>A fault stopped the run.</summary>
    Failed,
}
