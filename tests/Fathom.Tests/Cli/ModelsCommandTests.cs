using System.Security.Cryptography;
using Fathom.Cli;
using Fathom.Cli.Infrastructure;
using Fathom.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Testing;

namespace Fathom.Tests.Cli;

public sealed class ModelsCommandTests : IAsyncLifetime
{
    private static readonly byte[] Weights = RandomNumberGenerator.GetBytes(300_000);
    private readonly TempDirectory _dir = new();
    private readonly TestConsole _out = new();
    private readonly TestConsole _progress = new();
    private WebApplication _server = null!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        _progress.Profile.Width = 1000;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/model.gguf", () => Results.Bytes(Weights, "application/octet-stream", enableRangeProcessing: true));
        await _server.StartAsync();
        _url = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/model.gguf";
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private Task<int> Run(params string[] args)
    {
        var app = FathomApp.Create(new CliConsole(_out, _progress, TextReader.Null, false), TimeProvider.System);
        return app.RunAsync(args);
    }

    [Fact]
    public async Task Pull_DownloadsAndVerifiesTheChecksum()
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(Weights));

        var code = await Run("models", "pull", "qwen2.5-0.5b-instruct", "--dir", _dir.Path, "--url", _url, "--sha256", sha);

        Assert.Equal(0, code);
        var file = Assert.Single(Directory.GetFiles(_dir.Path));
        Assert.Equal(Weights, await File.ReadAllBytesAsync(file));
        Assert.Contains("verified", _out.Output, StringComparison.Ordinal);
        Assert.Contains("--model gguf:", _progress.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_ResumesAPartialDownload()
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(Weights));
        await File.WriteAllBytesAsync(Path.Combine(_dir.Path, "qwen2.5-0.5b-instruct-q4_k_m.gguf.part"), Weights[..100_000]);

        var code = await Run("models", "pull", "qwen2.5-0.5b-instruct", "--dir", _dir.Path, "--url", _url, "--sha256", sha);

        Assert.Equal(0, code);
        Assert.Contains("resumed at byte 100000", _out.Output, StringComparison.Ordinal);
        Assert.Equal(Weights, await File.ReadAllBytesAsync(Path.Combine(_dir.Path, "qwen2.5-0.5b-instruct-q4_k_m.gguf")));
    }

    [Fact]
    public async Task Pull_WrongChecksum_FailsAndKeepsNoFile()
    {
        var code = await Run("models", "pull", "qwen2.5-0.5b-instruct", "--dir", _dir.Path, "--url", _url, "--sha256", new string('0', 64));

        Assert.Equal(1, code);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.gguf"));
    }

    [Fact]
    public async Task Pull_UnknownName_ListsTheKnownOnes()
    {
        var code = await Run("models", "pull", "gpt-5", "--dir", _dir.Path);

        Assert.Equal(2, code);
        Assert.Contains("qwen2.5-0.5b-instruct", _progress.Output, StringComparison.Ordinal);
    }
}
