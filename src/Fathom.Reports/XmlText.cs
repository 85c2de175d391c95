using System.Text;

namespace Fathom.Reports;

/// <summary>Text made safe for XML documents: characters XML 1.0 forbids are dropped, not escaped.</summary>
internal static class XmlText
{
    public static string Clean(string text)
    {
        if (!text.Any(c => c < 0x20 && c is not '\t' and not '\n' and not '\r' || c is '\uFFFE' or '\uFFFF'))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c >= 0x20 && c is not '\uFFFE' and not '\uFFFF' || c is '\t' or '\n' or '\r')
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    /// <summary>An absolute http(s) address for a link, or null when the text is none.</summary>
    public static Uri? LinkTarget(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto) ? uri : null;
}
