namespace Fathom.Models.Chat;

/// <summary>What a model costs per million input and output tokens, in the price table's currency.</summary>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion)
{
    /// <summary>The cost of one call.</summary>
    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPerMillion) + (outputTokens * OutputPerMillion)) / 1_000_000m;
}
