namespace Fathom.Reading.Web;

/// <summary>Tells content kinds apart.</summary>
internal static class ContentKinds
{
    public static ContentKind Of(string? mediaType, byte[] body) => mediaType?.ToLowerInvariant() switch
    {
        "text/html" or "application/xhtml+xml" => ContentKind.Html,
        "application/pdf" or "application/x-pdf" => ContentKind.Pdf,
        "text/plain" or "text/markdown" or "text/x-markdown" => ContentKind.Text,
        null or "" or "application/octet-stream" or "binary/octet-stream" => Sniff(body),
        _ => ContentKind.Unsupported,
    };

    private static ContentKind Sniff(byte[] body)
    {
        var span = body.AsSpan(0, Math.Min(body.Length, 512));
        if (span.StartsWith("%PDF-"u8))
        {
            return ContentKind.Pdf;
        }

        var head = System.Text.Encoding.Latin1.GetString(span).TrimStart('\uFEFF', ' ', '\t', '\r', '\n', 'ï', '»', '¿').ToLowerInvariant();
        return head.StartsWith("<!doctype html", StringComparison.Ordinal) || head.StartsWith("<html", StringComparison.Ordinal) || head.Contains("<body", StringComparison.Ordinal)
            ? ContentKind.Html
            : ContentKind.Unsupported;
    }
}
