using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fathom.Models.Tests.Support;

/// <summary>A Kestrel server on 127.0.0.1 that answers every request with a handler and records what it received.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<Recorded> _requests = [];

    private LoopbackServer(WebApplication app) => _app = app;

    public sealed record Recorded(string Method, string Path, string Body, string? Authorization);

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<Recorded> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a server; <paramref name="handle"/> gets each request and its number (1 for the first).</summary>
    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, int, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            int number;
            lock (server._requests)
            {
                server._requests.Add(new Recorded(context.Request.Method, context.Request.Path.Value ?? "", body, context.Request.Headers.Authorization.ToString()));
                number = server._requests.Count;
            }

            context.Items["body"] = body;
            await handle(context, number);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
