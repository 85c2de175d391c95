using System.Globalization;

namespace Fathom.Models.Chat;

/// <summary>
/// Prices by model name, so a run can report what it cost and stop at a money budget. A name
/// matches its own entry or the longest entry it starts with ("gpt-4o-mini-2024-07-18" is priced as
/// "gpt-4o-mini"); a model with no entry costs nothing (a local model).
/// </summary>
public sealed class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _prices;

    /// <summary>A table of the given prices.</summary>
    public PriceTable(IReadOnlyDictionary<string, ModelPrice> prices) =>
        _prices = new Dictionary<string, ModelPrice>(prices, StringComparer.OrdinalIgnoreCase);

    /// <summary>No prices: every call is free.</summary>
    public static PriceTable Empty { get; } = new(new Dictionary<string, ModelPrice>());

    /// <summary>The price of <paramref name="model"/>, or null when it has none.</summary>
    public ModelPrice? Find(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        if (_prices.TryGetValue(model, out var exact))
        {
            return exact;
        }

        return _prices
            .Where(p => model.StartsWith(p.Key, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => p.Key.Length)
            .Select(p => p.Value)
            .FirstOrDefault();
    }

    /// <summary>The cost of one call of <paramref name="model"/>; zero when it has no price.</summary>
    public decimal Cost(string? model, long inputTokens, long outputTokens) => Find(model)?.Cost(inputTokens, outputTokens) ?? 0m;

    /// <summary>
    /// Reads a table written as <c>model=input/output;model=input/output</c>, prices per million
    /// tokens (e.g. <c>gpt-4o-mini=0.15/0.60</c>).
    /// </summary>
    /// <exception cref="FormatException">An entry is not in that form; the message names it.</exception>
    public static PriceTable Parse(string text)
    {
        var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.LastIndexOf('=');
            var parts = eq > 0 ? entry[(eq + 1)..].Split('/') : [];
            if (parts.Length != 2
                || !decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var input)
                || !decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var output)
                || input < 0 || output < 0)
            {
                throw new FormatException($"Price entry '{entry}' is not 'model=input/output' with prices per million tokens, e.g. 'gpt-4o-mini=0.15/0.60'.");
            }

            prices[entry[..eq].Trim()] = new ModelPrice(input, output);
        }

        return new PriceTable(prices);
    }
}
