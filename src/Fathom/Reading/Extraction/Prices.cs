using System.Text.RegularExpressions;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Whether a text states an amount of money, written as shops in many countries write it: a sign
/// before or after the amount ("$19.99", "19,99 €", "1 990 ₽", "1,980円"), a local abbreviation
/// ("49,99 zł", "299 kr", "Rs. 499") or an ISO code ("CHF 49.90", "120 PLN"), the code or abbreviation
/// standing apart from the words around it.
/// </summary>
internal static partial class Prices
{
    /// <summary>Whether <paramref name="text"/> states a price anywhere in it.</summary>
    public static bool IsStated(string text) => Pattern().IsMatch(text);

    [GeneratedRegex(@"[$€£¥₹₽₩₺₫฿₴₪₱₦円元원]\s?\d|\d\s?[$€£¥₹₽₩₺₫฿₴₪₱₦円元원]|\b(usd|eur|gbp|chf|jpy|cny|inr|rub|pln|sek|nok|dkk|czk|huf|brl|mxn|aud|cad|nzd|zar|krw|zł|kr|kč|lei|rs\.?)\s?\d|\d\s?(usd|eur|gbp|chf|jpy|cny|inr|rub|pln|sek|nok|dkk|czk|huf|brl|mxn|aud|cad|nzd|zar|krw|zł|kr|kč|lei)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
