using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Tests.Support;

/// <summary>A loopback web server with a few images and impostors, for the image-URL tests.</summary>
internal sealed class ImageHost : IAsyncDisposable
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    private readonly WebApplication _app;
    private readonly int[] _requests;

    private ImageHost(WebApplication app, int[] requests)
    {
        _app = app;
        _requests = requests;
        Address = new Uri(app.Urls.First());
    }

    public Uri Address { get; }

    /// <summary>Requests the host has answered.</summary>
    public int Requests => Volatile.Read(ref _requests[0]);

    public static async Task<ImageHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var requests = new int[1];
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref requests[0]);
            await next(context);
        });
        app.MapGet("/chart.png", () => Results.Bytes(Png, "image/png"));
        app.MapGet("/page.png", () => Results.Text("<html><body>not an image</body></html>", "text/html"));
        app.MapGet("/to-metadata.png", () => Results.Redirect("http://169.254.169.254/latest/meta-data/iam.png"));
        await app.StartAsync();
        return new ImageHost(app, requests);
    }

    public string Url(string path) => new Uri(Address, path).AbsoluteUri;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
