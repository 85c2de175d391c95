using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Fathom.Tools;

/// <summary>
/// A model's call of an MCP tool as a source of the run: the address it is cited by and the
/// document it gave. The address is the document's own web address when the tool named one, else
/// <c>mcp://LABEL/TOOL?ARG=VALUE…</c> (arguments in name order), the same for the same call, so a
/// call repeated in a run is one source and its quotes are checked against what the tool returned.
/// </summary>
public static class McpToolSource
{
    /// <summary>Longest address kept whole; a longer one keeps its start and a hash of its arguments.</summary>
    private const int MaxAddressChars = 400;

    /// <summary>The address of <paramref name="tool"/> on the server <paramref name="label"/> called with <paramref name="arguments"/>.</summary>
    public static string Address(string label, string tool, IEnumerable<KeyValuePair<string, object?>> arguments)
    {
        var query = string.Join('&', arguments
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => Uri.EscapeDataString(a.Key) + "=" + Uri.EscapeDataString(ValueText(a.Value))));
        var address = $"mcp://{Uri.EscapeDataString(label)}/{Uri.EscapeDataString(tool)}" + (query.Length > 0 ? "?" + query : "");
        if (address.Length <= MaxAddressChars)
        {
            return address;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)))[..16];
        return address[..(MaxAddressChars - 24)] + "&sha256=" + hash;
    }

    /// <summary>
    /// The document a call gave: a <c>{title, text or markdown, url}</c> object (as <c>fetch</c>
    /// answers) when the tool answered one, else its text content, else its JSON as text; null when
    /// it gave nothing to read.
    /// </summary>
    public static (string Title, string? Url, string Text)? Document(McpToolOutput output, string title)
    {
        if (McpResults.FetchResult(output.Json, output.Text, title) is { Text.Length: > 0 } document && document.Text.Trim().Length > 0)
        {
            return (document.Title.Length > 0 && document.Title != title ? document.Title : title, document.Url, document.Text);
        }

        var text = output.Text.Trim().Length > 0 ? output.Text : output.Json?.GetRawText() ?? "";
        return text.Trim().Length > 0 ? (title, null, text) : null;
    }

    /// <summary>An argument as it reads in the address: a string as it is, anything else as its JSON.</summary>
    private static string ValueText(object? value) => value switch
    {
        null => "",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement e => e.GetRawText(),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, McpJsonOptions),
    };

    private static readonly JsonSerializerOptions McpJsonOptions = ModelContextProtocol.McpJsonUtilities.DefaultOptions;
}
