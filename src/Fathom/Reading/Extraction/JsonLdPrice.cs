using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fathom.Reading.Extraction;

/// <summary>
/// The price a JSON-LD <c>Product</c> declares in its offers: one amount (an <c>Offer</c>'s
/// <c>price</c>) or a range (an <c>AggregateOffer</c>'s <c>lowPrice</c> and <c>highPrice</c>), with
/// its currency; or, where it states none, the page's price meta tags (microdata, Open Graph).
/// </summary>
internal sealed record JsonLdPrice(decimal Low, decimal? High, string? Currency)
{
    // Thousands grouped with dots, cents after a comma (1.299,00), as much of Europe writes prices; built
    // here rather than looked up, since the engine may run without culture data.
    private static readonly NumberFormatInfo DotGroups = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = "," };

    /// <summary>The price of the first offer of <paramref name="product"/> that states one, or null.</summary>
    public static JsonLdPrice? Of(JsonElement product)
    {
        if (!product.TryGetProperty("offers", out var offers))
        {
            return null;
        }

        var list = offers.ValueKind == JsonValueKind.Array ? offers.EnumerateArray().ToList() : [offers];
        foreach (var offer in list.Where(o => o.ValueKind == JsonValueKind.Object))
        {
            var currency = offer.TryGetProperty("priceCurrency", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (Amount(offer, "price") is { } price)
            {
                return new JsonLdPrice(price, null, currency);
            }

            if (Amount(offer, "lowPrice") is { } low)
            {
                var high = Amount(offer, "highPrice");
                return new JsonLdPrice(low, high > low ? high : null, currency);
            }
        }

        return null;
    }

    /// <summary>A price from an amount and currency as a meta tag writes them ("24.95", "EUR"), or null.</summary>
    public static JsonLdPrice? Parse(string? amount, string? currency) =>
        decimal.TryParse(amount?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0
            ? new JsonLdPrice(value, null, string.IsNullOrWhiteSpace(currency) ? null : currency.Trim())
            : null;

    /// <summary>
    /// Whether <paramref name="text"/> states any of the amounts, written as a shop writes it
    /// ("60", "60.00", "60,00", "1,299.00", "1.299,00").
    /// </summary>
    public bool IsIn(string text)
    {
        foreach (var amount in High is { } high ? [Low, high] : new[] { Low })
        {
            foreach (var written in Written(amount))
            {
                if (Regex.IsMatch(text, $@"(?<![\d.,]){Regex.Escape(written)}(?![\d]|[.,]\d)", RegexOptions.CultureInvariant))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>One line a reader reads the price from: "Price: 60.00 AUD", "Price: 49.99–79.99 USD".</summary>
    public override string ToString()
    {
        var amount = High is { } high ? $"{Format(Low)}–{Format(high)}" : Format(Low);
        return Currency is { Length: > 0 } currency ? $"Price: {amount} {currency}" : $"Price: {amount}";
    }

    private static string Format(decimal amount) => amount.ToString(amount == decimal.Truncate(amount) ? "0" : "0.00", CultureInfo.InvariantCulture);

    private static IEnumerable<string> Written(decimal amount)
    {
        var cents = amount.ToString("0.00", CultureInfo.InvariantCulture);
        yield return cents;
        yield return cents.Replace('.', ',');
        yield return amount.ToString("#,0.00", CultureInfo.InvariantCulture);
        yield return amount.ToString("#,0.00", DotGroups);
        if (amount == decimal.Truncate(amount))
        {
            yield return amount.ToString("0", CultureInfo.InvariantCulture);
            yield return amount.ToString("#,0", CultureInfo.InvariantCulture);
        }
    }

    private static decimal? Amount(JsonElement offer, string name)
    {
        if (!offer.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString(),
            _ => null,
        };
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0 ? amount : null;
    }
}
