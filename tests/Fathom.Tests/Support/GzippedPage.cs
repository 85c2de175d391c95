using System.IO.Compression;
using System.Text;

namespace Fathom.Tests.Support;

/// <summary>The benchmark pages as they are stored: gzipped UTF-8 HTML, one file a page.</summary>
internal static class GzippedPage
{
    /// <summary>The HTML of the page stored at <paramref name="path"/> (a <c>.html.gz</c> file).</summary>
    public static string Read(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
