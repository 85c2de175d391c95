using System.Text;
using System.Text.RegularExpressions;

namespace Fathom.Reading.Documents;

/// <summary>
/// Checks that a file's bytes are of the kind its name claims before it is indexed: text for
/// Markdown, text, HTML and JSON (with markup for HTML), the PDF header for PDF. A file that fails
/// is skipped with the reason in words (<see cref="InvalidDataException"/>), rather than indexed as noise.
/// </summary>
internal static partial class DocumentBytes
{
    /// <summary>Share of control characters above which bytes are taken for binary data.</summary>
    private const double MaxControlShare = 0.01;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Utf16Le => [0xFF, 0xFE];

    private static ReadOnlySpan<byte> Utf16Be => [0xFE, 0xFF];

    /// <summary>The file's text: UTF-8 (or UTF-16 with a byte-order mark), else Latin-1; throws when the bytes are not text.</summary>
    public static string Text(byte[] bytes, string extension)
    {
        if (bytes.AsSpan().StartsWith("%PDF-"u8))
        {
            throw new InvalidDataException($"it is a PDF, not {KindOf(extension)}; rename it to .pdf");
        }

        string text;
        if (bytes.AsSpan().StartsWith(Utf16Le) || bytes.AsSpan().StartsWith(Utf16Be))
        {
            text = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true).ReadToEnd();
        }
        else
        {
            if (bytes.AsSpan().IndexOf((byte)0) >= 0)
            {
                throw new InvalidDataException($"it holds binary data (NUL bytes), not {KindOf(extension)}");
            }

            var body = bytes.AsSpan().StartsWith(Utf8Bom) ? bytes.AsSpan(3) : bytes;
            text = System.Text.Unicode.Utf8.IsValid(body) ? Encoding.UTF8.GetString(body) : Encoding.Latin1.GetString(body);
        }

        var controls = text.Count(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f'));
        if (text.Length > 0 && controls > Math.Max(1, text.Length * MaxControlShare))
        {
            throw new InvalidDataException($"it holds binary data ({controls} control characters in {text.Length}), not {KindOf(extension)}");
        }

        if (extension is ".html" or ".htm" && !Markup().IsMatch(text))
        {
            throw new InvalidDataException("it is text without any HTML markup, not an HTML page; rename it to .txt if it is plain text");
        }

        return text;
    }

    /// <summary>Throws unless the bytes start like a PDF.</summary>
    public static void RequirePdf(ReadOnlySpan<byte> head)
    {
        var at = head[..Math.Min(head.Length, 1024)].IndexOf("%PDF-"u8);
        if (at < 0)
        {
            throw new InvalidDataException("it does not start with the %PDF- header, so it is not a PDF");
        }
    }

    private static string KindOf(string extension) => extension switch
    {
        ".md" or ".markdown" => "Markdown text",
        ".html" or ".htm" => "an HTML page",
        ".json" => "JSON",
        ".jsonl" => "JSON Lines",
        _ => "text",
    };

    [GeneratedRegex(@"<(!doctype|!--|/?[a-z][a-z0-9]*[\s/>])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Markup();
}
