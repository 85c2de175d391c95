using System.Net;
using System.Text.Json;
using Fathom.Text;

namespace Fathom.Reading.Extraction;

/// <summary>
/// The product a page declares in its schema.org JSON-LD: its name, description and price. Shops render
/// the description in tabs, carousels or by script, and the price in widgets, so the markup the
/// classifier reads often lacks what the page states first about the product. A price without a
/// JSON-LD product comes from the page's meta tags (<see cref="MetadataReader"/>): name and
/// description are then null.
/// </summary>
internal sealed partial record JsonLdProduct(string? Name, string? Description, JsonLdPrice? Price = null)
{
    /// <summary>The first <c>Product</c> with a name or description among a page's JSON-LD <paramref name="objects"/> (<see cref="JsonLdObjects"/>), or null when there is none.</summary>
    public static JsonLdProduct? Read(IEnumerable<JsonElement> objects) =>
        objects.Where(IsProduct).Select(o => new JsonLdProduct(Plain(o, "name"), Plain(o, "description"), JsonLdPrice.Of(o))).FirstOrDefault(p => p.Name is not null || p.Description is not null);

    /// <summary>
    /// The parts of the product that <paramref name="kept"/> lacks, as plain-text paragraphs: the name,
    /// then the description (each when under half of its words are in it), then the price (when none of
    /// its amounts is).
    /// </summary>
    public IReadOnlyList<string> MissingFrom(string kept)
    {
        var words = new HashSet<string>(Words.Tokens(kept), StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var part in new[] { Name, Description })
        {
            if (part is null)
            {
                continue;
            }

            var tokens = Words.Tokens(part);
            if (tokens.Count > 0 && tokens.Count(words.Contains) * 2 < tokens.Count)
            {
                missing.Add(part);
            }
        }

        if (Price is { } price && !price.IsIn(kept))
        {
            missing.Add(price.ToString());
        }

        return missing;
    }

    private static bool IsProduct(JsonElement node) =>
        node.TryGetProperty("@type", out var type)
        && (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => t.ToString() is "Product" or "ProductGroup") : type.ToString() is "Product" or "ProductGroup");

    /// <summary>A string property as one line of plain text (sites put entities and tags in it), or null.</summary>
    private static string? Plain(JsonElement node, string name)
    {
        if (!node.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = Words.NormalizeSpace(WebUtility.HtmlDecode(TagPattern().Replace(value.GetString() ?? string.Empty, " ")));
        return text.Length == 0 ? null : text;
    }

    [System.Text.RegularExpressions.GeneratedRegex("<[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex TagPattern();
}
