using System.Net;
using System.Text.Json;
using Fathom.Server.Auth;
using Fathom.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fathom.Server.Tests;

/// <summary>A server started with no API key: loopback only, with a key it makes up once, keeps owner-only and reuses.</summary>
public sealed class GeneratedKeyTests : IDisposable
{
    private const string Research = """{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"How does teacher feedback affect learning?"}]},"parameters":{"enable_feedback":false}}""";

    private readonly string _data = TestServer.NewDataDirectory();

    public void Dispose() => TestServer.TryDelete(_data);

    [Fact]
    public async Task NoKey_OpenAddress_IsRefusedAtStartWithTheFix()
    {
        await using var app = TestServer.Build(TestServer.Engine(), o =>
        {
            o.Urls = ["http://0.0.0.0:0"];
            o.DataDirectory = _data;
        });
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("FATHOM_API_KEYS", refused.Message, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(GeneratedKeyFile.PathIn(_data)));
    }

    [Fact]
    public async Task NoKey_GeneratedKeyIsStoredOwnerOnlyAndLetsItsHolderIn()
    {
        await using var app = await StartAsync();
        var key = app.Services.GetRequiredService<ServerKeys>().GeneratedKey;
        Assert.NotNull(key);
        Assert.StartsWith("sk-fathom-", key, StringComparison.Ordinal);
        var file = GeneratedKeyFile.PathIn(_data);
        Assert.Equal(key, File.ReadAllText(file).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        using var client = Client(app.Urls.First(), key);
        using var response = await client.SendAsync(TestServer.Generation(Research));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stranger = Client(app.Urls.First(), "sk-fathom-guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.SendAsync(TestServer.Generation(Research))).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task GeneratedKey_ServerRestarted_SameKeyStillServesTheRunsMadeBefore()
    {
        string key;
        string runId;
        await using (var first = await StartAsync())
        {
            key = first.Services.GetRequiredService<ServerKeys>().GeneratedKey!;
            using var client = Client(first.Urls.First(), key);
            using var response = await client.SendAsync(TestServer.Generation(Research));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            runId = response.Headers.GetValues("x-request-id").Single();
            await response.Content.ReadAsStringAsync();
            await first.StopAsync();
        }

        // Loosened by someone: the next start tightens it again.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(GeneratedKeyFile.PathIn(_data), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        }

        await using var second = await StartAsync();
        Assert.Equal(key, second.Services.GetRequiredService<ServerKeys>().GeneratedKey);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(GeneratedKeyFile.PathIn(_data)));
        }

        using var again = Client(second.Urls.First(), key);
        using var run = JsonDocument.Parse(await again.GetStringAsync($"/api/v1/research/{runId}"));
        Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(run.RootElement.GetProperty("report").GetString()));
        using var events = await again.GetAsync($"/api/v1/research/{runId}/events");
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Contains("event:run_finished", await events.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await second.StopAsync();
    }

    private async Task<Microsoft.AspNetCore.Builder.WebApplication> StartAsync()
    {
        var app = TestServer.Build(TestServer.Engine(), o => o.DataDirectory = _data);
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(string address, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }
}
