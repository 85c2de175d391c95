using System.Text;
using System.Text.RegularExpressions;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Turns the bytes of an HTML page into text, choosing the encoding as browsers do: a byte-order
/// mark, else the charset the server declared, else the page's own &lt;meta charset&gt;, else
/// UTF-8 when the bytes are valid UTF-8, else Windows-1252.
/// </summary>
public static partial class HtmlDecoding
{
    private const int SniffBytes = 4096;

    /// <summary>Decodes <paramref name="bytes"/>; <paramref name="declaredCharset"/> is the charset of the Content-Type header, if any.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? declaredCharset = null)
    {
        var encoding = DetectEncoding(bytes, declaredCharset, out var bomLength);
        return encoding.GetString(bytes[bomLength..]);
    }

    /// <summary>The encoding <see cref="Decode"/> would use, and the length of the byte-order mark to skip.</summary>
    public static Encoding DetectEncoding(ReadOnlySpan<byte> bytes, string? declaredCharset, out int bomLength)
    {
        bomLength = 0;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bomLength = 3;
            return new UTF8Encoding(false);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            bomLength = 2;
            return Encoding.Unicode;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            bomLength = 2;
            return Encoding.BigEndianUnicode;
        }

        if (ForCharset(declaredCharset) is { } declared)
        {
            return declared;
        }

        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, SniffBytes)]);
        if (MetaCharset().Match(head) is { Success: true } meta && ForCharset(meta.Groups["charset"].Value) is { } fromMeta)
        {
            return fromMeta;
        }

        return System.Text.Unicode.Utf8.IsValid(bytes) ? new UTF8Encoding(false) : ForCharset("windows-1252")!;
    }

    /// <summary>
    /// The encoding a charset label names, or null for an unknown label. As in browsers, Latin-1 and
    /// ASCII labels mean Windows-1252, and a UTF-16 label inside a page means UTF-8.
    /// </summary>
    public static Encoding? ForCharset(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var name = label.Trim().Trim('"', '\'').ToLowerInvariant();
        name = name switch
        {
            "iso-8859-1" or "latin1" or "latin-1" or "us-ascii" or "ascii" or "l1" or "cp1252" => "windows-1252",
            "utf8" or "utf-16" or "utf-16le" or "utf-16be" => "utf-8",
            "gb2312" or "gbk" => "gb18030",
            "x-sjis" or "sjis" => "shift_jis",
            _ => name,
        };
        if (name == "utf-8")
        {
            return new UTF8Encoding(false);
        }

        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"<meta[^>]+?charset\s*=\s*[""']?\s*(?<charset>[A-Za-z0-9_:.\-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();
}
