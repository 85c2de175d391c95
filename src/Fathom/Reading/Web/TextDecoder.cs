using System.Text;
using System.Text.RegularExpressions;

namespace Fathom.Reading.Web;

/// <summary>
/// Decodes a page's bytes the way browsers do: a byte-order mark wins, then the charset of the
/// Content-Type header, then (for HTML) a &lt;meta&gt; charset in the first 1024 bytes, then UTF-8
/// if the bytes are valid UTF-8, and windows-1252 otherwise.
/// </summary>
public static partial class TextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();

    /// <summary>The text of <paramref name="body"/>; <paramref name="declared"/> is the header's charset, if any.</summary>
    public static string Decode(byte[] body, string? declared, bool isHtml)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Bom(body) is { } bom)
        {
            return bom.Encoding.GetString(body, bom.Length, body.Length - bom.Length);
        }

        var encoding = Find(declared) ?? (isHtml ? Find(SniffMeta(body)) : null);
        if (encoding is not null)
        {
            return encoding.GetString(body);
        }

        try
        {
            return StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return Find("windows-1252")!.GetString(body);
        }
    }

    /// <summary>The encoding named <paramref name="name"/>, or null when it is unknown.</summary>
    internal static Encoding? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var label = name.Trim().Trim('"', '\'').ToLowerInvariant();

        // As the HTML standard says: these labels mean windows-1252, and a meta that claims UTF-16 means UTF-8.
        label = label switch
        {
            "iso-8859-1" or "latin1" or "us-ascii" or "ascii" or "l1" => "windows-1252",
            "utf-16" or "utf-16le" or "utf-16be" => "utf-8",
            "utf8" => "utf-8",
            _ => label,
        };
        try
        {
            return label == "utf-8" ? Encoding.UTF8 : CodePagesEncodingProvider.Instance.GetEncoding(label) ?? Encoding.GetEncoding(label);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? SniffMeta(byte[] body)
    {
        var head = Encoding.Latin1.GetString(body, 0, Math.Min(body.Length, 1024));
        var match = MetaCharset().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static (Encoding Encoding, int Length)? Bom(byte[] b) => b switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
        [0xFF, 0xFE, 0x00, 0x00, ..] => (Encoding.UTF32, 4),
        [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
        [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
        _ => null,
    };
}
