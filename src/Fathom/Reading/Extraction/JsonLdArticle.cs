using System.Text.Json;

namespace Fathom.Reading.Extraction;

/// <summary>What a page's schema.org JSON-LD says about its article: headline, authors, date, language, body.</summary>
internal sealed record JsonLdArticle(string? Headline, string? Author, string? Published, string? Language, string? Body)
{
    private static readonly string[] ArticleTypes =
    [
        "Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle", "TechArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "ReportageNewsArticle", "LiveBlogPosting",
        "SocialMediaPosting", "WebPage", "Review", "Recipe", "MedicalWebPage", "Posting",
    ];

    /// <summary>The first article-like object among a page's JSON-LD <paramref name="objects"/> (<see cref="JsonLdObjects"/>), or null when there is none.</summary>
    public static JsonLdArticle? Read(IEnumerable<JsonElement> objects)
    {
        JsonLdArticle? best = null;
        foreach (var node in objects)
        {
            var rank = Rank(node);
            if (rank < 0)
            {
                continue;
            }

            var found = From(node);
            if (rank > 0)
            {
                return found;
            }

            best ??= found;
        }

        return best;
    }

    /// <summary>1 for an article type, 0 for a web page, -1 for anything else.</summary>
    private static int Rank(JsonElement node)
    {
        if (!node.TryGetProperty("@type", out var type))
        {
            return -1;
        }

        var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.ToString()).ToList() : [type.ToString()];
        if (types.Any(t => t.EndsWith("Article", StringComparison.Ordinal) || ArticleTypes.Contains(t) && t != "WebPage"))
        {
            return 1;
        }

        return types.Contains("WebPage") ? 0 : -1;
    }

    private static JsonLdArticle From(JsonElement node) => new(
        String(node, "headline") ?? String(node, "name"),
        Authors(node),
        String(node, "datePublished") ?? String(node, "dateCreated"),
        InLanguage(node),
        String(node, "articleBody"));

    private static string? InLanguage(JsonElement node)
    {
        if (!node.TryGetProperty("inLanguage", out var lang))
        {
            return null;
        }

        return lang.ValueKind switch
        {
            JsonValueKind.String => lang.GetString(),
            JsonValueKind.Object => String(lang, "alternateName") ?? String(lang, "name"),
            _ => null,
        };
    }

    private static string? Authors(JsonElement node)
    {
        if (!node.TryGetProperty("author", out var author) && !node.TryGetProperty("creator", out author))
        {
            return null;
        }

        var names = new List<string>();
        foreach (var a in author.ValueKind == JsonValueKind.Array ? author.EnumerateArray().ToList() : [author])
        {
            var name = a.ValueKind switch
            {
                JsonValueKind.String => a.GetString(),
                JsonValueKind.Object => String(a, "name"),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(name) && !name.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                names.Add(name.Trim());
            }
        }

        return names.Count == 0 ? null : string.Join(", ", names.Distinct());
    }

    private static string? String(JsonElement node, string name)
    {
        if (!node.TryGetProperty(name, out var value))
        {
            return null;
        }

        var s = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Array when value.GetArrayLength() > 0 && value[0].ValueKind == JsonValueKind.String => value[0].GetString(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }
}
