using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Fathom.Reading.Web;

/// <summary>
/// Fetches web pages safely: every connection goes to an address the <see cref="AddressGuard"/>
/// vetted (so DNS rebinding cannot slip past it), redirects are followed by hand so each hop is
/// vetted again, responses are bounded in size and time, each host gets a few requests at a time,
/// and a cache turns repeat fetches into conditional requests. Every failure is a
/// <see cref="PageReadException"/> whose message says why.
/// </summary>
public sealed class WebFetcher : IDisposable
{
    private readonly FetchOptions _options;
    private readonly HttpClient _http;
    private readonly IPageCache? _cache;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a fetcher with its own connection pool; <paramref name="resolver"/> defaults to the system's.</summary>
    public WebFetcher(FetchOptions options, IPageCache? cache = null, IHostResolver? resolver = null, TimeProvider? time = null)
    {
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _cache = cache;
        _time = time ?? TimeProvider.System;
        var guard = new AddressGuard(options, resolver);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false, // A proxy would connect on our behalf, past the guard.
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = options.Timeout,
            ConnectCallback = (context, ct) => ConnectAsync(guard, context.DnsEndPoint, ct),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Fetches <paramref name="url"/>, following redirects.</summary>
    /// <exception cref="PageReadException">The address was refused, or the page could not be fetched.</exception>
    public async Task<FetchedResource> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await FollowAsync(url, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PageReadException($"no complete answer within {_options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e) when (Find<AddressRefusedException>(e) is { } refused)
        {
            throw new PageReadException("refused: " + refused.Message, refused);
        }
        catch (HttpRequestException e)
        {
            throw new PageReadException($"could not fetch the page ({Describe(e)})", e);
        }
    }

    private async Task<FetchedResource> FollowAsync(Uri start, CancellationToken cancellationToken)
    {
        var cached = _cache is null ? null : await _cache.GetAsync(start.AbsoluteUri, cancellationToken);
        var url = cached is null ? start : new Uri(cached.FinalUrl);
        for (var hop = 0; ; hop++)
        {
            if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            {
                throw new PageReadException($"refused: only http and https addresses are fetched (got {url.Scheme}:)");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.ParseAdd(_options.UserAgent);
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5");
            var conditional = hop == 0 && cached is not null && AddValidators(request, cached);

            var gate = _hosts.GetOrAdd(url.IdnHost, _ => new SemaphoreSlim(_options.PerHostConcurrency));
            await gate.WaitAsync(cancellationToken);
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop >= _options.MaxRedirects)
                    {
                        throw new PageReadException($"more than {_options.MaxRedirects} redirects");
                    }

                    url = new Uri(url, location);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotModified && conditional)
                {
                    return new FetchedResource(new Uri(cached!.FinalUrl), cached.MediaType, cached.Charset, cached.Body, FromCache: true);
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new PageReadException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
                }

                var body = await ReadBoundedAsync(response.Content, cancellationToken);
                var type = response.Content.Headers.ContentType;
                await StoreAsync(start, url, response, type, body, cancellationToken);
                return new FetchedResource(url, type?.MediaType, type?.CharSet, body, FromCache: false);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private static bool AddValidators(HttpRequestMessage request, CachedPage cached)
    {
        if (cached.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        if (cached.LastModified is { } modified && DateTimeOffset.TryParse(modified, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
        {
            request.Headers.IfModifiedSince = since;
        }

        return request.Headers.IfNoneMatch.Count > 0 || request.Headers.IfModifiedSince is not null;
    }

    private async Task StoreAsync(Uri start, Uri final, HttpResponseMessage response, MediaTypeHeaderValue? type, byte[] body, CancellationToken cancellationToken)
    {
        var etag = response.Headers.ETag?.ToString();
        var modified = response.Content.Headers.LastModified?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var noStore = response.Headers.CacheControl?.NoStore == true;
        if (_cache is null || noStore || (etag is null && modified is null))
        {
            return; // Without a validator the copy could never be revalidated.
        }

        await _cache.PutAsync(start.AbsoluteUri, new CachedPage(final.AbsoluteUri, type?.MediaType, type?.CharSet, etag, modified, _time.GetUtcNow(), body), cancellationToken);
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _options.MaxBytes)
        {
            throw new PageReadException($"the page is larger than the {_options.MaxBytes}-byte limit ({content.Headers.ContentLength} bytes)");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[32 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _options.MaxBytes)
            {
                throw new PageReadException($"the page is larger than the {_options.MaxBytes}-byte limit");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Opens the connection to a vetted address. Tests replace it with one that refuses anything
    /// but loopback, so that a broken guard fails a test instead of reaching a real network.
    /// </summary>
    internal Func<IPEndPoint, CancellationToken, ValueTask<Stream>> Connector { get; init; } = ConnectSocketAsync;

    private async ValueTask<Stream> ConnectAsync(AddressGuard guard, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = await guard.VetAsync(endpoint.Host, cancellationToken);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await Connector(new IPEndPoint(address, endpoint.Port), cancellationToken);
            }
            catch (SocketException e)
            {
                last = e;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static async ValueTask<Stream> ConnectSocketAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static string Describe(HttpRequestException e) =>
        Find<SocketException>(e) is { } socket ? socket.SocketErrorCode.ToString() : e.HttpRequestError.ToString();

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        foreach (var gate in _hosts.Values)
        {
            gate.Dispose();
        }
    }
}
