using System.Net;
using System.Text.RegularExpressions;
using Fathom.Cli;
using Fathom.Cli.Infrastructure;
using Fathom.Server.Tests.Support;
using Spectre.Console.Testing;

namespace Fathom.Server.Tests;

/// <summary><c>fathom serve</c> from the command line: composes the engine over a corpus folder and serves until stopped.</summary>
public sealed partial class ServeCommandTests : IDisposable
{
    private readonly string _dir = TestServer.NewDataDirectory();

    public void Dispose() => TestServer.TryDelete(_dir);

    [GeneratedRegex(@"on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingOn();

    [Fact]
    public async Task Serve_WithCorpusDataAndKeysFile_AnswersTheSeedClarifyCallAndStopsCleanly()
    {
        var corpus = Directory.CreateDirectory(Path.Combine(_dir, "corpus")).FullName;
        var i = 0;
        foreach (var (url, title, text) in InMemoryCorpus.EducationDocuments)
        {
            await File.WriteAllTextAsync(Path.Combine(corpus, $"doc{++i}.md"), $"# {title}\n\n{text}\n");
        }

        var keys = Path.Combine(_dir, "keys.txt");
        await File.WriteAllTextAsync(keys, "# one key a line\nsk-from-file\n");
        var progress = new TestConsole();
        progress.Profile.Width = 10_000;
        var console = new CliConsole(new TestConsole(), progress, new StringReader(""), CanAsk: false);
        var app = FathomApp.Create(console, TimeProvider.System, new ModelCatalog(_ => new ScriptedResearchModel(new())));
        using var stop = new CancellationTokenSource();
        var serving = app.RunAsync(
            ["serve", "--urls", "http://127.0.0.1:0", "--corpus", corpus, "--index", Path.Combine(_dir, "index.db"), "--data", Path.Combine(_dir, "data"), "--keys-file", keys],
            stop.Token);

        var address = await WaitForAddress(progress, serving);
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", "sk-from-file");
        using var response = await client.SendAsync(TestServer.Generation(SeedCurl.Bodies()[0]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var frames = StrictSse.Parse(await response.Content.ReadAsStringAsync(), response.Headers.GetValues("x-request-id").Single());
        Assert.Equal("finished", frames[^1].Status);
        Assert.True(File.Exists(Path.Combine(_dir, "data", "fathom.db")));

        await stop.CancelAsync();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("sk-from-file", progress.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_MissingKeysFile_FailsWithTheFix()
    {
        var progress = new TestConsole();
        var output = new TestConsole();
        var app = FathomApp.Create(new CliConsole(output, progress, new StringReader(""), false), TimeProvider.System);
        var code = await app.RunAsync(["serve", "--keys-file", Path.Combine(_dir, "missing.txt")]);
        Assert.NotEqual(0, code);
        Assert.Contains("FATHOM_API_KEYS", output.Output + progress.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_NoKey_PrintsTheGeneratedKeyKeptInTheDataDirectory_AndTheKeyLetsItsHolderIn()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FATHOM_API_KEYS")), "the test needs a process without FATHOM_API_KEYS");
        var corpus = Directory.CreateDirectory(Path.Combine(_dir, "corpus")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corpus, "doc.md"), "# Feedback\n\nTimely feedback from teachers improves learning.\n");
        var progress = new TestConsole();
        progress.Profile.Width = 10_000;
        var app = FathomApp.Create(new CliConsole(new TestConsole(), progress, new StringReader(""), CanAsk: false), TimeProvider.System, new ModelCatalog(_ => new ScriptedResearchModel(new())));
        using var stop = new CancellationTokenSource();
        var data = Path.Combine(_dir, "data");
        var serving = app.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--corpus", corpus, "--index", Path.Combine(_dir, "index.db"), "--data", data], stop.Token);

        var address = await WaitForAddress(progress, serving);
        var key = GeneratedKey().Match(progress.Output).Groups[1].Value;
        Assert.Equal(key, (await File.ReadAllTextAsync(Path.Combine(data, "server.key"))).Trim());
        Assert.Contains(Path.Combine(data, "server.key"), progress.Output, StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        using var response = await client.SendAsync(TestServer.Generation(SeedCurl.Bodies()[0]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsStringAsync();

        await stop.CancelAsync();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Serve_OpenAddressWithoutKey_ExitsWithUsageAndTheFix()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FATHOM_API_KEYS")), "the test needs a process without FATHOM_API_KEYS");
        var corpus = Directory.CreateDirectory(Path.Combine(_dir, "corpus")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corpus, "doc.md"), "# Feedback\n\nTimely feedback from teachers improves learning.\n");
        var progress = new TestConsole();
        progress.Profile.Width = 10_000;
        var app = FathomApp.Create(new CliConsole(new TestConsole(), progress, new StringReader(""), CanAsk: false), TimeProvider.System, new ModelCatalog(_ => new ScriptedResearchModel(new())));
        var code = await app.RunAsync(["serve", "--urls", "http://0.0.0.0:0", "--corpus", corpus, "--index", Path.Combine(_dir, "index.db"), "--data", Path.Combine(_dir, "data")]);
        Assert.Equal(2, code);
        Assert.Contains("FATHOM_API_KEYS", progress.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "data", "server.key")));
    }

    [GeneratedRegex(@"Use this key: (sk-fathom-[0-9a-f]+)")]
    private static partial Regex GeneratedKey();

    private static async Task<string> WaitForAddress(TestConsole progress, Task<int> serving)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (ServingOn().Match(progress.Output) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }

            Assert.False(serving.IsCompleted, $"fathom serve stopped: {progress.Output}");
            Assert.True(DateTime.UtcNow < deadline, "fathom serve did not start within 60 s");
            await Task.Delay(50);
        }
    }
}
