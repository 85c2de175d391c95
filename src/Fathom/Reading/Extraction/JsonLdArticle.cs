using System.Text.Json;
using AngleSharp.Dom;

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

    /// <summary>The first article-like object of the page's JSON-LD <paramref name="scripts"/>, or null when there is none or it cannot be parsed.</summary>
    public static JsonLdArticle? Read(IEnumerable<IElement> scripts)
    {
        JsonLdArticle? best = null;
        foreach (var script in scripts)
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                foreach (var node in Objects(json.RootElement))
                {
                    var rank = Rank(node);
                    if (rank < 0)
                    {
                        continue;
                    }

                    var found = From(node);
                    if (best is null || rank > 0 && best.Headline is null)
                    {
                        best = found;
                    }

                    if (rank > 0)
                    {
                        return found;
                    }
                }
            }
            catch (JsonException)
            {
                // Broken JSON-LD is common; the rest of the page still has metadata.
            }
        }

        return best;
    }

    private static IEnumerable<JsonElement> Objects(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var inner in Objects(item))
                {
                    yield return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            if (element.TryGetProperty("@graph", out var graph))
            {
                foreach (var inner in Objects(graph))
                {
                    yield return inner;
                }
            }

            if (element.TryGetProperty("mainEntity", out var main))
            {
                foreach (var inner in Objects(main))
                {
                    yield return inner;
                }
            }
        }
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
