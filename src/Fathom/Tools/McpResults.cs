using System.Text.Json;

namespace Fathom.Tools;

/// <summary>
/// Reads the hosted convention's tool results: <c>search</c> gives <c>{"results": [{id, title, url,
/// description or text}]}</c> (or the bare array), <c>fetch</c> gives <c>{id, title, text or markdown,
/// url}</c>, possibly wrapped in <c>"resource"</c>. Unknown fields are ignored.
/// </summary>
internal static class McpResults
{
    /// <summary>One search result of an MCP server.</summary>
    public sealed record Item(string Id, string Title, string? Url, string Description, string? Text);

    /// <summary>One fetched document.</summary>
    public sealed record Document(string Id, string Title, string? Url, string Text);

    public static IReadOnlyList<Item> SearchResults(JsonElement json, int max)
    {
        var list = json.ValueKind == JsonValueKind.Array ? json
            : json.ValueKind == JsonValueKind.Object && FirstArray(json, "results", "documents", "items") is { } found ? found
            : default;
        if (list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var items = new List<Item>();
        foreach (var entry in list.EnumerateArray())
        {
            if (items.Count >= max)
            {
                break;
            }

            if (entry.ValueKind != JsonValueKind.Object || Text(entry, "id") is not { Length: > 0 } id)
            {
                continue;
            }

            var text = Text(entry, "text") ?? Text(entry, "markdown") ?? Text(entry, "content");
            var description = Text(entry, "description") ?? Text(entry, "snippet") ?? Text(entry, "summary") ?? Preview(text);
            items.Add(new Item(id, Text(entry, "title") ?? id, WebUrl(Text(entry, "url")), description, text));
        }

        return items;
    }

    public static Document? FetchResult(JsonElement? json, string text, string id)
    {
        if (json is { ValueKind: JsonValueKind.Object } root)
        {
            var doc = root.TryGetProperty("resource", out var r) && r.ValueKind == JsonValueKind.Object ? r
                : root.TryGetProperty("document", out var d) && d.ValueKind == JsonValueKind.Object ? d
                : root;
            var body = Text(doc, "text") ?? Text(doc, "markdown") ?? Text(doc, "content");
            if (body is not null)
            {
                return new Document(Text(doc, "id") ?? id, Text(doc, "title") ?? id, WebUrl(Text(doc, "url")), body);
            }
        }

        // Plain text content is the document itself.
        return json is null && text.Trim().Length > 0 ? new Document(id, id, null, text) : null;
    }

    private static JsonElement? FirstArray(JsonElement parent, params string[] names)
    {
        foreach (var name in names)
        {
            if (parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Array)
            {
                return e;
            }
        }

        return null;
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var e) ? e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.GetRawText(),
            _ => null,
        } : null;

    /// <summary>Only http(s) addresses are kept as a document's address; anything else is the server's own.</summary>
    private static string? WebUrl(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? url : null;

    private static string Preview(string? text) => text is null ? "" : text.Length <= 300 ? text : text[..300];
}
