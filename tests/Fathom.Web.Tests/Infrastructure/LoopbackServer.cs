using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fathom.Web.Tests.Infrastructure;

/// <summary>One request as the server saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// Kestrel on 127.0.0.1 with a port of its own, answering with whatever <see cref="Handler"/>
/// says and recording every request: the stand-in for remote APIs and web sites.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Func<HttpContext, Task> Handler { get; set; } = ctx => { ctx.Response.StatusCode = 404; return Task.CompletedTask; };

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, Task>? handler = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackServer? server = null;
        app.Run(async ctx =>
        {
            ctx.Request.EnableBuffering();
            using var reader = new StreamReader(ctx.Request.Body, leaveOpen: true);
            var body = await reader.ReadToEndAsync();
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            server!.Requests.Enqueue(new RecordedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.QueryString.Value ?? "", headers, body));
            await server.Handler(ctx);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LoopbackServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
        if (handler is not null)
        {
            server.Handler = handler;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
