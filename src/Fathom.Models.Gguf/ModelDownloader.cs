using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Fathom.Models.Gguf;

/// <summary>
/// Downloads a listed model: into <c>FILE.part</c>, resuming from where an interrupted download
/// stopped (HTTP range request), then checks the SHA-256 — the catalog's, else the one the server
/// declares — before the file takes its final name. A file that fails the check is deleted.
/// </summary>
public sealed partial class ModelDownloader(HttpClient http)
{
    private const int BufferSize = 1 << 16;

    [GeneratedRegex("^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();

    /// <summary>Downloads <paramref name="model"/> into <paramref name="directory"/>, or returns the file already there.</summary>
    /// <exception cref="InvalidDataException">The file's checksum is not the expected one (the file was deleted).</exception>
    /// <exception cref="HttpRequestException">The server refused the download.</exception>
    public async Task<PulledModel> PullAsync(CatalogModel model, string directory, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var final = Path.Combine(directory, model.FileName);
        if (File.Exists(final))
        {
            var hash = await HashAsync(final, cancellationToken);
            if (model.Sha256 is null || Same(hash, model.Sha256))
            {
                return new PulledModel(final, hash, model.Sha256 is not null, -1);
            }

            File.Delete(final);
        }

        var part = final + ".part";
        var resumeAt = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, model.Url);
        if (resumeAt > 0)
        {
            request.Headers.Range = new RangeHeaderValue(resumeAt, null);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The partial file is not a prefix of what is served now: start again.
            File.Delete(part);
            return await PullAsync(model, directory, progress, cancellationToken);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Downloading {model.Name} from {model.Url.Host} failed with HTTP {(int)response.StatusCode} ({response.StatusCode}).", null, response.StatusCode);
        }

        var append = response.StatusCode == HttpStatusCode.PartialContent;
        var expected = model.Sha256 ?? DeclaredSha256(response);
        await using (var file = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[BufferSize];
            var written = append ? resumeAt : 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                written += read;
                progress?.Report(written);
            }
        }

        var actual = await HashAsync(part, cancellationToken);
        if (expected is not null && !Same(actual, expected))
        {
            File.Delete(part);
            throw new InvalidDataException($"The download of {model.Name} is corrupt: its SHA-256 is {actual}, expected {expected}. The file was deleted; pull it again.");
        }

        File.Move(part, final, overwrite: true);
        return new PulledModel(final, actual, expected is not null, append ? resumeAt : 0);
    }

    /// <summary>The SHA-256 the server declares for the file (Hugging Face's <c>X-Linked-Etag</c>, or an ETag that is one).</summary>
    private static string? DeclaredSha256(HttpResponseMessage response)
    {
        foreach (var name in (string[])["X-Linked-Etag", "ETag"])
        {
            if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
            {
                var value = values.First().Trim().TrimStart('W', '/').Trim('"');
                if (Sha256Hex().IsMatch(value))
                {
                    return value.ToLowerInvariant();
                }
            }
        }

        return null;
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
