using System.Security.Cryptography;
using Fathom.Models.Gguf;
using Fathom.Models.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Fathom.Models.Tests;

/// <summary>Pulling a listed model from a Kestrel loopback server that serves ranges and declares the checksum.</summary>
public sealed class ModelDownloaderTests : IDisposable
{
    private static readonly byte[] Weights = RandomNumberGenerator.GetBytes(300_000);
    private static readonly string WeightsSha = Convert.ToHexStringLower(SHA256.HashData(Weights));
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fathom-pull-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static CatalogModel Model(LoopbackServer server, string? sha = null) =>
        new("tiny", new Uri(server.BaseAddress, "tiny.gguf"), "tiny.gguf", sha, "test");

    /// <summary>Serves the weights (or the range asked for) like Hugging Face, with the checksum in X-Linked-Etag.</summary>
    private static async Task Serve(HttpContext http, long from = 0, int? cutAfter = null, Task? clientHasIt = null)
    {
        http.Response.Headers["X-Linked-Etag"] = $"\"{WeightsSha}\"";
        if (from > 0)
        {
            http.Response.StatusCode = 206;
            http.Response.Headers.ContentRange = $"bytes {from}-{Weights.Length - 1}/{Weights.Length}";
        }

        http.Response.ContentLength = Weights.Length - from;
        var end = cutAfter is { } cut ? (int)from + cut : Weights.Length;
        await http.Response.Body.WriteAsync(Weights.AsMemory((int)from, end - (int)from));
        await http.Response.Body.FlushAsync();
        if (cutAfter is not null)
        {
            await (clientHasIt ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(10));
            http.Abort(); // The connection drops mid-download, once the client has stored what was sent.
        }
    }

    private static long RangeStart(HttpContext http) =>
        http.Request.Headers.Range.ToString() is { Length: > 0 } range ? long.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture) : 0;

    [Fact]
    public async Task Pull_InterruptedDownload_ResumesWhereItStoppedAndVerifies()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync((http, n) => n == 1 ? Serve(http, cutAfter: 120_000, clientHasIt: received.Task) : Serve(http, RangeStart(http)));
        var downloader = new ModelDownloader(new HttpClient());

        await Assert.ThrowsAnyAsync<Exception>(() => downloader.PullAsync(Model(server), _dir, new Watch(received)));
        var partial = new FileInfo(Path.Combine(_dir, "tiny.gguf.part")).Length;
        var pulled = await downloader.PullAsync(Model(server), _dir);

        Assert.InRange(partial, 1, Weights.Length - 1);
        Assert.Equal(partial, pulled.ResumedAt);
        Assert.True(pulled.Verified);
        Assert.Equal(WeightsSha, pulled.Sha256);
        Assert.Equal(Weights, await File.ReadAllBytesAsync(pulled.Path));
        Assert.False(File.Exists(pulled.Path + ".part"));
    }

    [Fact]
    public async Task Pull_ChecksumMismatch_DeletesTheFileAndSaysSo()
    {
        await using var server = await LoopbackServer.StartAsync((http, _) => Serve(http));
        var wrong = new string('0', 64);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new ModelDownloader(new HttpClient()).PullAsync(Model(server, wrong), _dir));

        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Pull_FileAlreadyThere_IsNotDownloadedAgain()
    {
        await using var server = await LoopbackServer.StartAsync((http, _) => Serve(http));
        var downloader = new ModelDownloader(new HttpClient());

        await downloader.PullAsync(Model(server, WeightsSha), _dir);
        var again = await downloader.PullAsync(Model(server, WeightsSha), _dir);

        Assert.Single(server.Requests);
        Assert.Equal(-1, again.ResumedAt);
        Assert.True(again.Verified);
    }

    [Fact]
    public void Catalog_UnknownName_ListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => GgufCatalog.Find("gpt-5"));

        Assert.Contains("qwen2.5-0.5b-instruct", error.Message, StringComparison.Ordinal);
        Assert.Equal("qwen2.5-1.5b-instruct", GgufCatalog.Find("Qwen2.5-1.5B-Instruct").Name);
    }

    /// <summary>Reports (synchronously) when the first download has stored everything the server sent before dropping.</summary>
    private sealed class Watch(TaskCompletionSource received) : IProgress<long>
    {
        public void Report(long value)
        {
            if (value >= 120_000)
            {
                received.TrySetResult();
            }
        }
    }
}
