namespace Fathom.Storage;

/// <summary>A stored run's status as every store keeps it and every API shows it: snake_case.</summary>
public static class StoredRunStatusNames
{
    /// <summary>The status's name: <c>running</c>, <c>needs_clarification</c>, …</summary>
    public static string Name(StoredRunStatus status) => status switch
    {
        StoredRunStatus.NeedsClarification => "needs_clarification",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>The status a stored name stands for.</summary>
    /// <exception cref="ArgumentException">The name is no status's.</exception>
    public static StoredRunStatus Parse(string name) => name switch
    {
        "needs_clarification" => StoredRunStatus.NeedsClarification,
        _ => Enum.Parse<StoredRunStatus>(name, ignoreCase: true),
    };
}
