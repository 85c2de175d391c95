using System.Text;
using CsCheck;

namespace Fathom.Server.Tests.Properties;

/// <summary>
/// Generators of request bodies as an attacker or a broken client would send them: the request's
/// shape with wrong types, missing and extra fields, hostile strings (lone surrogate escapes,
/// control and invisible characters, markup), deep nesting, and then the bytes mutated (cut short,
/// a byte flipped or inserted, invalid UTF-8).
/// </summary>
internal static class HostileRequests
{
    private static readonly string[] Fragments =
    [
        "Research AI in education", "", " ", "\\u200b\\u200c\\ufeff", "\\ud800", "\\udc00x", "\\ud83d\\ude00", "\\u0000", "\\n\\r\\t",
        "</script><script>alert(1)</script>", "\\\"", "data:image/png;base64,iVBORw0KGgo=", "http://169.254.169.254/latest/meta-data/x.png",
        "http://127.0.0.1:1/a.png", "教育中的人工智能", "ñ", "\\u3164\\u2800", "{{{", "${jndi:ldap://x}", "%00", "\\/\\/",
    ];

    public static readonly Gen<string> Text =
        Gen.OneOf(
            Gen.OneOfConst(Fragments),
            Gen.Int[0, 8].Select(Gen.OneOfConst(Fragments).Array[0, 4], (_, parts) => string.Concat(parts)),
            Gen.String[Gen.Char["a-z0-9 .,?"], 0, 40]);

    public static readonly Gen<string> Scalar =
        Gen.OneOf(
            Text.Select(t => "\"" + t + "\""),
            Gen.OneOfConst("true", "false", "null", "0", "-1", "1e309", "12345678901234567890123", "[]", "{}", "\"\""));

    public static readonly Gen<string> Content =
        Gen.OneOf(
            Scalar,
            Gen.OneOf(
                Text.Select(t => $"{{\"text\":\"{t}\"}}"),
                Text.Select(t => $"{{\"image\":\"{t}\"}}"),
                Scalar.Select(s => $"{{\"text\":{s}}}"),
                Scalar.Select(s => $"{{\"video\":{s}}}"),
                Scalar)
            .Array[0, 4].Select(parts => "[" + string.Join(",", parts) + "]"));

    public static readonly Gen<string> Message =
        Gen.Select(
            Gen.OneOfConst("\"user\"", "\"assistant\"", "\"system\"", "\"tool\"", "null", "1", "\"USER\""),
            Content,
            Gen.Bool,
            (role, content, dropRole) => dropRole ? $"{{\"content\":{content}}}" : $"{{\"role\":{role},\"content\":{content}}}");

    public static readonly Gen<string> Messages =
        Gen.OneOf(Message.Array[0, 4].Select(m => "[" + string.Join(",", m) + "]"), Scalar);

    public static readonly Gen<string> Parameters =
        Gen.Select(
            Gen.OneOfConst("incremental_output", "enable_feedback", "stream", "output_format", "research_tools", "x"),
            Gen.OneOf(Scalar, Gen.Const("[{\"type\":\"mcp\",\"server_label\":\"kb\",\"server_url\":\"http://10.0.0.1/sse\",\"allowed_tools\":[\"s\"]}]")),
            (name, value) => $"\"{name}\":{value}")
        .Array[0, 3].Select(p => "{" + string.Join(",", p) + "}");

    public static readonly Gen<string> Json =
        Gen.Select(
            Gen.OneOfConst("\"qwen-deep-research\"", "\"fathom\"", "\"gpt-5\"", "\"\"", "null", "7"),
            Messages,
            Parameters,
            Gen.Int[0, 7],
            (model, messages, parameters, shape) => shape switch
            {
                0 => $"{{\"input\":{{\"messages\":{messages}}}}}",
                1 => $"{{\"model\":{model},\"input\":{messages}}}",
                2 => $"[{{\"model\":{model}}}]",
                3 => string.Concat(Enumerable.Repeat("[", 70)) + string.Concat(Enumerable.Repeat("]", 70)),
                _ => $"{{\"model\":{model},\"input\":{{\"messages\":{messages}}},\"parameters\":{parameters}}}",
            });

    /// <summary>The bytes of a body: valid JSON text most of the time, mutated otherwise.</summary>
    public static readonly Gen<byte[]> Body =
        Gen.Select(Json, Gen.Int[0, 9], Gen.Int[0, int.MaxValue], Gen.Byte, (json, mutation, at, b) =>
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var i = bytes.Length == 0 ? 0 : at % bytes.Length;
            return mutation switch
            {
                0 => bytes[..i], // cut short
                1 => [.. bytes[..i], b, .. bytes[i..]], // a byte inserted
                2 when bytes.Length > 0 => [.. bytes[..i], (byte)(bytes[i] ^ b), .. bytes[(i + 1)..]], // a byte changed
                3 => [.. bytes[..i], 0xC3, 0x28, .. bytes[i..]], // invalid UTF-8
                4 => [.. bytes[..i], 0xED, 0xA0, 0x80, .. bytes[i..]], // a surrogate as UTF-8
                _ => bytes,
            };
        });
}
