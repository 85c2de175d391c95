using Fathom.Reading;
using Fathom.Reading.Web;
using Fathom.Research;

namespace Fathom.Server.DashScope;

/// <summary>
/// Fetches the images a request names by URL through the guarded web fetcher and puts them inline
/// as data, so that neither Fathom's model provider nor anything else ever fetches a caller's URL
/// unchecked: a loopback, private or metadata address, or a redirect to one, is refused with
/// 400 <c>InvalidURL</c>, and bytes that are not an image with 400 <c>InvalidParameter</c>.
/// </summary>
internal sealed class ImageFetcher(FathomServerOptions options) : IDisposable
{
    private readonly WebFetcher _fetcher = new(options.ImageFetch with { MaxBytes = ImagePart.MaxBytes });

    /// <summary>The images with every URL replaced by its data, or the first problem.</summary>
    public async Task<(IReadOnlyList<ImageInput>? Images, DashScopeError? Error)> InlineAsync(IReadOnlyList<ImageInput> images, CancellationToken cancellationToken)
    {
        var fetched = await Task.WhenAll(images.Select((image, i) => InlineAsync(image, i + 1, cancellationToken)));
        return fetched.FirstOrDefault(f => f.Error is not null) is { Error: { } error } ? (null, error) : ([.. fetched.Select(f => f.Image!)], null);
    }

    /// <summary>Whether any image is named by URL (and so has to be fetched).</summary>
    public static bool AnyByUrl(IReadOnlyList<ImageInput> images) => images.Any(i => !IsInline(i));

    private async Task<(ImageInput? Image, DashScopeError? Error)> InlineAsync(ImageInput image, int number, CancellationToken cancellationToken)
    {
        if (IsInline(image))
        {
            return (image, null);
        }

        var shown = image.Source.Length > 200 ? image.Source[..200] + "…" : image.Source;
        FetchedResource resource;
        try
        {
            resource = await _fetcher.FetchAsync(new Uri(image.Source), cancellationToken);
        }
        catch (PageReadException ex)
        {
            return (null, new DashScopeError(400, "InvalidURL",
                $"Invalid URL provided in your request: image {number} ({shown}) cannot be fetched: {ex.Message}. " +
                "Send a public http(s) image URL, or the image itself as data:image/png;base64,<data>."));
        }

        if (ImagePart.Sniff(resource.Body) is not { } type)
        {
            return (null, DashScopeError.InvalidParameter(
                $"Image {number} ({shown}) is not a JPEG, PNG, BMP or WEBP image (the server sent {resource.MediaType ?? "no media type"}). Send a JPEG, PNG, BMP or WEBP image."));
        }

        return (new ImageInput($"data:{type};base64,{Convert.ToBase64String(resource.Body)}", type), null);
    }

    private static bool IsInline(ImageInput image) => image.Source.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    public void Dispose() => _fetcher.Dispose();
}
