using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Fathom.CarelessModel;

/// <summary>
/// An OpenAI-compatible <c>/v1/chat/completions</c> server on 127.0.0.1 (port 0) that answers like a
/// careless small model behind a flaky server. It speaks HTTP itself on Kestrel's raw connections,
/// so it can fail the ways real servers do: 500 and 429, a body cut before its declared length, an
/// event stream where JSON was asked for (with or without <c>[DONE]</c>, or cut mid-answer), a body
/// that is neither, and HTTP/1.0 bodies delimited by closing the connection. Every choice is drawn
/// from the seed and the request, plus how often the same request was seen (a retry may fare better).
/// </summary>
public sealed class CarelessModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Carelessness _care;
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _faults = new(StringComparer.Ordinal);

    private CarelessModelServer(WebApplication app, Carelessness care)
    {
        _app = app;
        _care = care;
    }

    /// <summary>The base address, ending in <c>/v1/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How many times each transport fault was served, by name.</summary>
    public IReadOnlyDictionary<string, int> Faults => _faults;

    /// <summary>
    /// Signalled when the host is asked to stop: its console lifetime takes SIGTERM and Ctrl-C, so a
    /// caller that waits on this stops cleanly on either.
    /// </summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>Requests answered (faults included).</summary>
    public int Requests => _seen.Values.Sum();

    public static async Task<CarelessModelServer> StartAsync(Carelessness care, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        CarelessModelServer? server = null;
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        builder.WebHost.UseKestrel(o => o.Listen(endpoint, l => l.Run(c => server!.ServeAsync(c))));
        var app = builder.Build();
        server = new CarelessModelServer(app, care);
        await app.StartAsync();
        var bound = app.Urls.FirstOrDefault() ?? throw new InvalidOperationException("the server bound no address");
        server.BaseAddress = new Uri(bound.TrimEnd('/') + "/v1/");
        return server;
    }

    private async Task ServeAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input.AsStream();
        var output = connection.Transport.Output.AsStream();
        try
        {
            // One request per connection: every response closes it, as HTTP/1.0 servers do.
            var request = await RawHttp.ReadRequestAsync(input, connection.ConnectionClosed);
            if (request is null)
            {
                return;
            }

            await RespondAsync(request, output, connection.ConnectionClosed);
            await output.FlushAsync(connection.ConnectionClosed);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ConnectionResetException)
        {
            // The client went away; nothing to answer.
        }
        finally
        {
            // Completing the output closes the connection cleanly: that ends a close-delimited body.
            await connection.Transport.Output.CompleteAsync();
        }
    }

    private async Task RespondAsync(RawHttp.Request raw, Stream output, CancellationToken cancellationToken)
    {
        if (!raw.Path.EndsWith("/chat/completions", StringComparison.Ordinal) || CarelessRequest.Parse(raw.Body) is not { } request)
        {
            await RawHttp.WriteAsync(output, "1.1", 404, "application/json", """{"error":{"message":"not found","type":"invalid_request_error"}}""", cancellationToken);
            return;
        }

        var seen = _seen.AddOrUpdate(raw.Body, 1, (_, n) => n + 1);
        var wire = new Draw(_care.Seed, raw.Body, "wire" + seen);
        var fault = wire.Chance(_care.Transport) ? wire.Weighted(3, 2, 2, 1, 1, 1, 1) : -1;
        var (text, cut) = CarelessAnswers.Answer(request, _care);
        var finish = cut ? "length" : "stop";
        var completion = Completion(text, finish, request);
        switch (fault)
        {
            case 0:
                Count("500");
                await RawHttp.WriteAsync(output, "1.1", 500, "application/json", """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}""", cancellationToken);
                return;
            case 1:
                Count("429");
                await RawHttp.WriteAsync(output, "1.1", 429, "application/json", """{"error":{"message":"Rate limit reached, try again shortly.","type":"rate_limit_error"}}""", cancellationToken, ("Retry-After", "0"));
                return;
            case 2:
                Count("cut body");
                await RawHttp.WriteCutAsync(output, "application/json", completion, cancellationToken);
                return;
            case 3:
                Count(request.Stream ? "stream without [DONE]" : "event stream for a plain request");
                await RawHttp.WriteAsync(output, "1.1", 200, "text/event-stream", Events(text, finish, done: !request.Stream), cancellationToken);
                return;
            case 4:
                Count("event stream cut mid-answer");
                var events = Events(text, finish, done: true);
                await RawHttp.WriteAsync(output, "1.0", 200, "text/event-stream", events[..(events.Length / 2)], cancellationToken, closeDelimited: true);
                return;
            case 5:
                Count("body that is neither JSON nor an event stream");
                await RawHttp.WriteAsync(output, "1.1", 200, request.Stream ? "text/event-stream" : "application/json", "upstream model crashed; please retry\n", cancellationToken);
                return;
            case 6:
                Count("HTTP/1.0 close-delimited body");
                await RawHttp.WriteAsync(output, "1.0", 200, request.Stream ? "text/event-stream" : "application/json", request.Stream ? Events(text, finish, done: true) : completion, cancellationToken, closeDelimited: true);
                return;
            default:
                await RawHttp.WriteAsync(output, "1.1", 200, request.Stream ? "text/event-stream" : "application/json", request.Stream ? Events(text, finish, done: true) : completion, cancellationToken);
                return;
        }
    }

    private void Count(string fault) => _faults.AddOrUpdate(fault, 1, (_, n) => n + 1);

    private static string Completion(string text, string finish, CarelessRequest request) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-careless",
        @object = "chat.completion",
        created = 1_700_000_000,
        model = "careless-1b",
        choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = finish } },
        usage = Usage(text, request),
    });

    /// <summary>The answer as chat-completion chunks of a few words each.</summary>
    private static string Events(string text, string finish, bool done)
    {
        var events = new StringBuilder();
        var pieces = text.Split(' ');
        for (var i = 0; i < pieces.Length; i += 5)
        {
            var piece = string.Join(' ', pieces.Skip(i).Take(5)) + (i + 5 < pieces.Length ? " " : "");
            events.Append("data: ").Append(Chunk(piece, null)).Append("\n\n");
        }

        events.Append("data: ").Append(Chunk("", finish)).Append("\n\n");
        if (done)
        {
            events.Append("data: [DONE]\n\n");
        }

        return events.ToString();
    }

    private static string Chunk(string content, string? finish) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-careless",
        @object = "chat.completion.chunk",
        created = 1_700_000_000,
        model = "careless-1b",
        choices = new[] { new { index = 0, delta = new { role = "assistant", content }, finish_reason = finish } },
    });

    private static object Usage(string text, CarelessRequest request)
    {
        var prompt = (request.System.Length + request.User.Length + request.Others.Sum(o => o.Length)) / 4;
        var completion = Math.Max(1, text.Length / 4);
        return new { prompt_tokens = prompt, completion_tokens = completion, total_tokens = prompt + completion };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
