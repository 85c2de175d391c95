using System.Text.Json.Serialization;

namespace Fathom.Research;

/// <summary>A limit a run can reach. On the wire each is the snake_case name the events have always carried.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LimitKind>))]
public enum LimitKind
{
    /// <summary>Every round the run may have was used.</summary>
    [JsonStringEnumMemberName("rounds")]
    Rounds,

    /// <summary>The tokens the run may spend are spent.</summary>
    [JsonStringEnumMemberName("token_budget")]
    TokenBudget,

    /// <summary>The money the run may spend is spent.</summary>
    [JsonStringEnumMemberName("cost_budget")]
    CostBudget,

    /// <summary>The run's wall-clock time is up.</summary>
    [JsonStringEnumMemberName("deadline")]
    Deadline,

    /// <summary>The searches the run may make (by the rounds and by the model) are made.</summary>
    [JsonStringEnumMemberName("query_budget")]
    QueryBudget,

    /// <summary>The pages the run may read (in rounds and while planning) are read.</summary>
    [JsonStringEnumMemberName("page_budget")]
    PageBudget,
}
