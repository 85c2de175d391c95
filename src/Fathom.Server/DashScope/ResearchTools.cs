using System.Text.Json;
using Fathom.Tools;

namespace Fathom.Server.DashScope;

/// <summary>
/// Validates <c>parameters.research_tools</c>: MCP servers the research may call. The shape is the
/// hosted service's; credentials inside are checked for shape only and never stored or logged.
/// </summary>
internal static class ResearchTools
{
    /// <summary>Null when the list is valid; else what is wrong, naming the item and field.</summary>
    /// <param name="list">The <c>research_tools</c> value.</param>
    /// <param name="addressProblem">Why a server address may not be used (the fetcher's address policy), or null when it may.</param>
    /// <param name="servers">The servers, tokens included, for the run only.</param>
    public static string? Validate(JsonElement list, Func<string?, string?> addressProblem, out List<McpServerSpec> servers)
    {
        servers = [];
        if (list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return "parameters.research_tools must be an array of MCP servers.";
        }

        var i = 0;
        foreach (var tool in list.EnumerateArray())
        {
            var at = $"parameters.research_tools[{i++}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                return $"{at} must be an object.";
            }

            if (!IsString(tool, "type", out var type) || type != "mcp")
            {
                return $"{at}.type must be \"mcp\".";
            }

            if (!IsString(tool, "server_label", out var label) || label.Trim().Length == 0)
            {
                return $"{at}.server_label must name the server.";
            }

            if (!IsString(tool, "server_url", out var url)
                || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return $"{at}.server_url must be an absolute http(s) URL of the MCP server.";
            }

            if (addressProblem(url) is { } problem)
            {
                return $"{at}.server_url {problem}.";
            }

            if (!tool.TryGetProperty("allowed_tools", out var allowed) || allowed.ValueKind != JsonValueKind.Array || allowed.GetArrayLength() == 0
                || allowed.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String || a.GetString()!.Length == 0))
            {
                return $"{at}.allowed_tools must list the tool names to use, such as [\"search\", \"fetch\"].";
            }

            if (ApprovalProblem(tool, at) is { } approvalProblem)
            {
                return approvalProblem;
            }

            if (tool.TryGetProperty("authentication", out var auth) && auth.ValueKind != JsonValueKind.Null
                && (auth.ValueKind != JsonValueKind.Object
                    || !((auth.TryGetProperty("bearer", out var bearer) && bearer.ValueKind == JsonValueKind.String)
                         || (auth.TryGetProperty("oauth", out var oauth) && oauth.ValueKind == JsonValueKind.Object))))
            {
                return $"{at}.authentication must be {{\"bearer\": \"<token>\"}} or {{\"oauth\": {{…}}}}.";
            }

            var token = auth.ValueKind == JsonValueKind.Object && auth.TryGetProperty("bearer", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
            servers.Add(new McpServerSpec(label.Trim(), uri, [.. allowed.EnumerateArray().Select(a => a.GetString()!)]) { BearerToken = token });
        }

        return null;
    }

    /// <summary>
    /// Fathom calls a server's allowed tools without asking anyone first: a run has no one to ask
    /// (the stream goes one way, and a run goes on after its client has left). So a request may say
    /// <c>false</c> or <c>"never"</c> (OpenAI's word for it), or leave the field out; one that asks for
    /// approval is refused rather than run without it. <c>allowed_tools</c> is the way to limit what is called.
    /// </summary>
    private static string? ApprovalProblem(JsonElement tool, string at)
    {
        if (!tool.TryGetProperty("require_approval", out var approval)
            || approval.ValueKind is JsonValueKind.False or JsonValueKind.Null
            || (approval.ValueKind == JsonValueKind.String && approval.GetString() == "never"))
        {
            return null;
        }

        return approval.ValueKind is JsonValueKind.True or JsonValueKind.String or JsonValueKind.Object
            ? $"{at}.require_approval asks for approval before each tool call, which Fathom cannot give: a run calls its allowed tools without asking anyone, because the stream has no way to ask. Send false (or \"never\") or leave it out, and limit the tools with allowed_tools."
            : $"{at}.require_approval must be false or \"never\".";
    }

    private static bool IsString(JsonElement parent, string name, out string value)
    {
        value = parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
        return e.ValueKind == JsonValueKind.String;
    }
}
