using Fathom.Research;

namespace Fathom.Server.DashScope;

/// <summary>
/// Checks one <c>{"image": …}</c> part: a public http(s) URL or base64 (a <c>data:</c> URI or raw) of a
/// JPEG, PNG, BMP or WEBP image of at most 10 MB, as the hosted service accepts.
/// </summary>
internal static class ImagePart
{
    public const int MaxImages = 5;
    public const long MaxBytes = 10L * 1024 * 1024;

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".bmp"] = "image/bmp",
        [".webp"] = "image/webp",
    };

    /// <summary>The image, or an error message naming the problem and the fix.</summary>
    public static (ImageInput? Image, string? Error) Parse(string value, string where)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            var extension = Path.GetExtension(uri.AbsolutePath);
            if (extension.Length == 0)
            {
                return (new ImageInput(value, "image/*"), null);
            }

            return ByExtension.TryGetValue(extension, out var type)
                ? (new ImageInput(value, type), null)
                : (null, $"{where} points to a '{extension}' file; images must be JPEG, PNG, BMP or WEBP.");
        }

        var data = value;
        string? declared = null;
        if (value.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = value.IndexOf(',', StringComparison.Ordinal);
            var header = comma < 0 ? "" : value[5..comma];
            if (comma < 0 || !header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                return (null, $"{where} is a data URI without base64 data; send data:image/png;base64,<data>.");
            }

            declared = header[..^7].ToLowerInvariant();
            data = value[(comma + 1)..];
        }

        var bytes = DecodedLength(data);
        if (bytes < 0)
        {
            return (null, $"{where} is neither a public http(s) URL nor base64 image data.");
        }

        if (bytes > MaxBytes)
        {
            return (null, $"{where} is {bytes / (1024.0 * 1024):0.0} MB; an image may have at most 10 MB.");
        }

        var sniffed = Sniff(data);
        if (sniffed is null || (declared is not null && declared != sniffed && !(declared == "image/jpg" && sniffed == "image/jpeg")))
        {
            return (null, $"{where} is not a JPEG, PNG, BMP or WEBP image{(declared is null ? "" : $" (declared {declared})")}.");
        }

        return (new ImageInput(declared is null ? $"data:{sniffed};base64,{data}" : value, sniffed), null);
    }

    private static long DecodedLength(string data)
    {
        if (data.Length == 0 || data.Length % 4 != 0)
        {
            return -1;
        }

        var padding = data.EndsWith("==", StringComparison.Ordinal) ? 2 : data.EndsWith('=') ? 1 : 0;
        return (data.Length / 4 * 3L) - padding;
    }

    private static string? Sniff(string data)
    {
        Span<byte> head = stackalloc byte[12];
        return Convert.TryFromBase64String(data[..Math.Min(16, data.Length)], head, out var n) ? Sniff(head[..n]) : null;
    }

    /// <summary>The image type the first bytes show, or null when they are not a JPEG, PNG, BMP or WEBP image.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head) =>
        head switch
        {
            [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
            [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
            [0x42, 0x4D, ..] => "image/bmp",
            [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
            _ => null,
        };
}
