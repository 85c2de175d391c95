using System.Text.Json.Serialization;

namespace Fathom.Storage;

/// <summary>Where a stored run stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StoredRunStatus>))]
public enum StoredRunStatus
{
    /// <summary>The run is being researched now.</summary>
    Running,

    /// <summary>A report was written.</summary>
    Completed,

    /// <summary>The run asked clarifying questions and waits for answers.</summary>
    NeedsClarification,

    /// <summary>The run was cancelled; it can be resumed.</summary>
    Cancelled,

    /// <summary>A fault stopped the run; it can be resumed.</summary>
    Failed,

    /// <summary>The process hosting the run stopped before it ended; it can be resumed.</summary>
    Interrupted,
}
