using System.Text.Json;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// The objects a page's schema.org JSON-LD declares, each script parsed once for every reader of
/// it (article, product): top-level objects and those nested in arrays, <c>@graph</c> and
/// <c>mainEntity</c>, in document order.
/// </summary>
internal static class JsonLdObjects
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The objects of <paramref name="scripts"/>; a script that does not parse adds none.</summary>
    public static List<JsonElement> Of(IEnumerable<IElement> scripts)
    {
        var objects = new List<JsonElement>();
        foreach (var script in scripts)
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, Options);

                // A copy that outlives the parse, so that the document's pooled buffers go back at once.
                Collect(json.RootElement.Clone(), objects);
            }
            catch (JsonException)
            {
                // Broken JSON-LD is common; the rest of the page still has metadata.
            }
        }

        return objects;
    }

    private static void Collect(JsonElement element, List<JsonElement> objects)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, objects);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            objects.Add(element);
            if (element.TryGetProperty("@graph", out var graph))
            {
                Collect(graph, objects);
            }

            if (element.TryGetProperty("mainEntity", out var main))
            {
                Collect(main, objects);
            }
        }
    }
}
