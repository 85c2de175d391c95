using System.Net;
using System.Text.Json;

namespace Fathom.Search.Web;

/// <summary>
/// What every HTTP search API provider shares: sending with a timeout, turning statuses into
/// <see cref="SearchProviderException"/>s that say what to do, reading a bounded body, and keeping
/// the key out of every message.
/// </summary>
public abstract class HttpSearchProvider : ISearchProvider
{
    /// <summary>Creates the provider; <paramref name="http"/> is owned by the caller.</summary>
    protected HttpSearchProvider(string name, HttpClient http, WebSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Endpoint.IsAbsoluteUri || (options.Endpoint.Scheme != Uri.UriSchemeHttp && options.Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The {name} endpoint must be an absolute http(s) address (got '{options.Endpoint}').", nameof(options));
        }

        Name = name;
        Http = http;
        Options = options;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The client requests go through.</summary>
    protected HttpClient Http { get; }

    /// <summary>Endpoint, key and limits.</summary>
    protected WebSearchOptions Options { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var request = CreateRequest(query);
        var body = await SendAsync(request, cancellationToken);
        try
        {
            return [.. Parse(body, query).Where(h => IsWebAddress(h.Url)).Take(query.MaxResults)];
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new SearchProviderException(Name, $"the answer is not in the documented format ({Redact(e.Message)})", inner: null);
        }
    }

    /// <summary>The request for <paramref name="query"/>, key included.</summary>
    protected abstract HttpRequestMessage CreateRequest(SearchQuery query);

    /// <summary>Reads the hits out of a successful answer's body.</summary>
    protected abstract IEnumerable<SearchHit> Parse(string body, SearchQuery query);

    /// <summary>An address under the endpoint: <paramref name="path"/> relative to it, with the query string given.</summary>
    protected Uri EndpointPath(string path, string queryString)
    {
        var root = Options.Endpoint.ToString().TrimEnd('/');
        return new Uri($"{root}/{path.TrimStart('/')}?{queryString}");
    }

    /// <summary>A status the caller can act on, said plainly; the base covers auth, rate limits and server errors.</summary>
    protected virtual string DescribeStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"the API refused the key (HTTP {(int)status}); check the key configured for {Name}",
        HttpStatusCode.TooManyRequests => "rate limited (HTTP 429)",
        _ => $"HTTP {(int)status} {status}",
    };

    /// <summary>Removes the key from text that may reach events or logs.</summary>
    protected string Redact(string text) =>
        string.IsNullOrEmpty(Options.ApiKey) ? text : text.Replace(Options.ApiKey, "***", StringComparison.Ordinal);

    private async Task<string> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new SearchProviderException(Name, DescribeStatus(response.StatusCode), response.StatusCode, RetryAfter(response));
            }

            return await ReadBoundedAsync(response, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SearchProviderException(Name, $"no answer within {Options.Timeout.TotalSeconds:0.#} s", inner: new TimeoutException(e.Message));
        }
        catch (HttpRequestException e)
        {
            // The inner exception's message can carry the address; keep only the kind of failure.
            throw new SearchProviderException(Name, $"could not reach the API ({e.HttpRequestError})", inner: new HttpRequestException(e.HttpRequestError, Redact(e.Message)));
        }
    }

    private async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > Options.MaxResponseBytes)
        {
            throw new SearchProviderException(Name, $"the answer is larger than {Options.MaxResponseBytes} bytes");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > Options.MaxResponseBytes)
            {
                throw new SearchProviderException(Name, $"the answer is larger than {Options.MaxResponseBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        var charset = response.Content.Headers.ContentType?.CharSet;
        var encoding = charset is null ? System.Text.Encoding.UTF8 : TryEncoding(charset);
        return encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // A hit that is not an http(s) address (javascript:, file:, a relative path) is dropped, never read.
    private static bool IsWebAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static System.Text.Encoding TryEncoding(string charset)
    {
        try
        {
            return System.Text.Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return System.Text.Encoding.UTF8;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
