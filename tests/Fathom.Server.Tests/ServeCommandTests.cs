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

    [Theory]
    [InlineData(new[] { "--min-data-rate", "fast" }, "--min-data-rate 'fast' is not a number of bytes a second")]
    [InlineData(new[] { "--min-data-rate=-5" }, "--min-data-rate '-5' is not a number of bytes a second")]
    [InlineData(new[] { "--min-data-rate", "240", "--min-data-rate-grace", "0.5" }, "--min-data-rate-grace 0.5 is out of range")]
    [InlineData(new[] { "--min-data-rate-grace", "5" }, "--min-data-rate-grace needs --min-data-rate")]
    public async Task Serve_BadMinDataRate_ExitsWithUsageNamingTheOptionAndTheFix(string[] options, string message)
    {
        var progress = new TestConsole();
        progress.Profile.Width = 10_000;
        var output = new TestConsole();
        output.Profile.Width = 10_000;
        var app = FathomApp.Create(new CliConsole(output, progress, new StringReader(""), CanAsk: false), TimeProvider.System);
        var code = await app.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--data", Path.Combine(_dir, "data"), .. options]);
        Assert.NotEqual(0, code);
        Assert.Contains(message, output.Output + progress.Output, StringComparison.Ordinal);
        Assert.Contains("such as", output.Output + progress.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "data")), "nothing is opened before the options are checked");
    }

    [Fact]
    public async Task Serve_MinDataRate_AnUploadSlowerThanIt_Is408RequestTimeOutInTheProtocolFormat()
    {
        var corpus = Directory.CreateDirectory(Path.Combine(_dir, "corpus")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corpus, "doc.md"), "# Feedback\n\nTimely feedback from teachers improves learning.\n");
        var keys = Path.Combine(_dir, "keys.txt");
        await File.WriteAllTextAsync(keys, TestServer.Key + "\n");
        var progress = new TestConsole();
        progress.Profile.Width = 10_000;
        var app = FathomApp.Create(new CliConsole(new TestConsole(), progress, new StringReader(""), CanAsk: false), TimeProvider.System, new ModelCatalog(_ => new ScriptedResearchModel(new())));
        using var stop = new CancellationTokenSource();
        var serving = app.RunAsync(
            ["serve", "--urls", "http://127.0.0.1:0", "--corpus", corpus, "--index", Path.Combine(_dir, "index.db"), "--data", Path.Combine(_dir, "data"), "--keys-file", keys,
                "--min-data-rate", "1000", "--min-data-rate-grace", "2"],
            stop.Token);
        var address = new Uri(await WaitForAddress(progress, serving));

        // About 600 bytes a second: more than Kestrel's default minimum (240), less than the 1,000 asked for.
        await using var http = await RawConnection.ConnectAsync(address);
        await http.SendAsync(RawConnection.Head("POST", "/api/v1/services/aigc/text-generation/generation", "Content-Length: 40000", "Content-Type: application/json"));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var reading = http.ReadAsync(TimeSpan.FromSeconds(20));
        while (!reading.IsCompleted && started.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                await http.SendAsync(new string(' ', 150));
            }
            catch (IOException)
            {
                break;
            }

            await Task.Delay(250);
        }

        var response = await reading;
        Assert.Equal(408, response.Status);
        Assert.Equal("RequestTimeOut", System.Text.Json.JsonDocument.Parse(response.Body).RootElement.GetProperty("code").GetString());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"answered after {started.Elapsed}");

        await stop.CancelAsync();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
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
