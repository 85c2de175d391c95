using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Fathom.Events;
using Fathom.Research;
using Fathom.Server;
using Fathom.Server.Benchmarks;
using Fathom.Server.DashScope;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Measures the server side by side in one run: the SSE encoder alone, then 10, 50 and 200 concurrent
// streaming runs on loopback against a scripted model that answers every call after a fixed delay.
// Usage: dotnet run -c Release --project bench/Fathom.Server.Benchmarks [-- --delay-ms 100 --runs 10,50,200,1000 --concurrent N]
// A scripted model mostly waits, as a remote one does, so every run is let in at once (--concurrent
// defaults to the largest load); a smaller --concurrent measures the admission queue instead.
var delay = TimeSpan.FromMilliseconds(Option("--delay-ms", 100));
var loads = OptionText("--runs", "10,50,200,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var concurrent = Option("--concurrent", loads.Max());
const int Rounds = 2;
const string Key = "sk-bench";
var inv = CultureInfo.InvariantCulture;

Console.WriteLine($"# Fathom server benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, model delay {delay.TotalMilliseconds} ms per call, {Rounds} rounds, 3 pages per round, {concurrent} runs at once at most");

// 1. Encoder: one run's events mapped to chunks and framed, again and again.
var corpus = new TinyCorpus();
var quick = new ResearchEngine(new FixedDelayModel(TimeSpan.Zero, Rounds), [corpus], corpus);
var limits = new ResearchLimits { MaxRounds = 3, PagesPerRound = 3 };
var events = new List<ResearchEvent>();
await foreach (var e in quick.RunAsync(new ResearchRequest { Question = "What do the documents say?", AllowClarification = false, Limits = limits }))
{
    events.Add(e);
}

var buffer = new ArrayBufferWriter<byte>(1 << 16);
long encoded = 0, frames = 0, bytes = 0;
for (var warm = 0; warm < 2000; warm++)
{
    Encode();
}

var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
var clock = Stopwatch.StartNew();
encoded = frames = bytes = 0;
while (clock.Elapsed < TimeSpan.FromSeconds(2))
{
    Encode();
}

var seconds = clock.Elapsed.TotalSeconds;
var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
Console.WriteLine();
Console.WriteLine("## Encoder (events → DashScope chunks → SSE frames, one thread)");
Console.WriteLine($"events/s encoded: {encoded / seconds:N0}; frames/s: {frames / seconds:N0}; MB/s: {bytes / seconds / 1e6:N1}; allocated per event: {allocated / (double)encoded:N0} B ({events.Count} events and {frames * events.Count / Math.Max(1, encoded)} frames per run)");

// 2. The run store: events appended as runs write them, to SQLite and (with --postgres CONNECTION) to PostgreSQL.
var storeDir = Directory.CreateTempSubdirectory("fathom-store-bench-").FullName;
using (var store = Fathom.Storage.SqliteRunStore.Open(storeDir))
{
    await MeasureStore(store, "SQLite, WAL; runs created beforehand, then each run awaits the commit of each of its events; concurrent runs share commits");
}

Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(storeDir, recursive: true);
if (OptionText("--postgres", "") is { Length: > 0 } postgres)
{
    using var store = Fathom.Storage.Postgres.PostgresRunStore.Open(postgres);
    await MeasureStore(store, "PostgreSQL, " + store.Description + "; each event one statement and one commit");
}

if (args.Contains("--store-only"))
{
    return 0;
}

// 3. The server under concurrent streaming runs.
var data = Directory.CreateTempSubdirectory("fathom-server-bench-").FullName;
var engine = new ResearchEngine(new FixedDelayModel(delay, Rounds), [corpus], corpus);
var options = new FathomServerOptions { Urls = ["http://127.0.0.1:0"], DataDirectory = data, ApiKeys = [Key], MaxConcurrentRunsPerKey = 10_000, Limits = limits };
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(engine);
builder.AddFathomServer(o =>
{
    o.Urls = options.Urls;
    o.DataDirectory = options.DataDirectory;
    o.ApiKeys = options.ApiKeys;
    o.MaxConcurrentRunsPerKey = options.MaxConcurrentRunsPerKey;
    o.MaxConcurrentRuns = concurrent;
    o.Limits = options.Limits;
});
await using var app = builder.Build();
app.MapDashScope();
app.MapRunApi();
await app.StartAsync();
using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(5) };
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
var probeRun = (await RunOnce()).RunId;
var ideal = delay * (3 + (2 * Rounds)); // plan, (round plan + reading) per round, the stopping round plan, write

Console.WriteLine();
Console.WriteLine($"## Concurrent streaming runs (loopback, one process; ideal run time with this model ≈ {ideal.TotalMilliseconds:N0} ms)");
Console.WriteLine("| runs | headers p50 / p99 (ms) | first event p50 / p99 (ms) | run p50 / p99 (ms) | GET /research/{id} p50 / p99 (ms) while streaming | frames/s delivered | peak working set (MB) | managed heap after (MB) |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var n in loads)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var peak = Process.GetCurrentProcess().WorkingSet64;
    using var stop = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            using var me = Process.GetCurrentProcess();
            peak = Math.Max(peak, me.WorkingSet64);
            await Task.Delay(25);
        }
    });
    var probes = new List<double>();
    var prober = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            var t = Stopwatch.StartNew();
            using var r = await client.GetAsync($"/api/v1/research/{probeRun}");
            probes.Add(t.Elapsed.TotalMilliseconds);
            await Task.Delay(50);
        }
    });

    var wall = Stopwatch.StartNew();
    var results = await Task.WhenAll(Enumerable.Range(0, n).Select(_ => RunOnce()));
    var elapsed = wall.Elapsed.TotalSeconds;
    await stop.CancelAsync();
    await Task.WhenAll(sampler, prober);
    GC.Collect();
    var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
    if (results.Any(r => !r.Completed))
    {
        throw new InvalidOperationException($"{results.Count(r => !r.Completed)} of {n} runs did not complete.");
    }

    Console.WriteLine(string.Create(inv,
        $"| {n} | {P(results.Select(r => r.Headers), 50):N0} / {P(results.Select(r => r.Headers), 99):N0} | {P(results.Select(r => r.FirstEvent), 50):N0} / {P(results.Select(r => r.FirstEvent), 99):N0} | {P(results.Select(r => r.Total), 50):N0} / {P(results.Select(r => r.Total), 99):N0} | {P(probes, 50):N1} / {P(probes, 99):N1} | {results.Sum(r => r.Frames) / elapsed:N0} | {peak / 1e6:N0} | {heap / 1e6:N0} |"));
}

await app.StopAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(data, recursive: true);
return 0;

void Encode()
{
    var mapper = new DashScopeStreamMapper(incremental: true, thinkingStatus: false);
    long id = 0;
    buffer.ResetWrittenCount();
    foreach (var e in events)
    {
        foreach (var chunk in mapper.Map(e))
        {
            DashScopeFrameWriter.WriteChunk(buffer, ++id, chunk, "0b7a9c52-6c1f-4a8e-9e57-5d3c1f0a2b11");
        }
    }

    encoded += events.Count;
    frames += id;
    bytes += buffer.WrittenCount;
}

async Task<(string RunId, double Headers, double FirstEvent, double Total, int Frames, bool Completed)> RunOnce()
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/aigc/text-generation/generation")
    {
        Content = new StringContent("""{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"What do the documents say?"}]},"parameters":{"enable_feedback":false}}""", Encoding.UTF8, "application/json"),
    };
    request.Headers.Add("X-DashScope-SSE", "enable");
    var clock = Stopwatch.StartNew();
    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    var headers = clock.Elapsed.TotalMilliseconds;
    var runId = response.Headers.GetValues("x-request-id").Single();
    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
    double first = -1;
    var count = 0;
    var completed = false;
    while (await reader.ReadLineAsync() is { } line)
    {
        if (line.StartsWith("data:", StringComparison.Ordinal))
        {
            if (first < 0)
            {
                first = clock.Elapsed.TotalMilliseconds;
            }

            count++;
            completed = line.Contains("\"phase\":\"answer\"", StringComparison.Ordinal) && line.Contains("\"status\":\"finished\"", StringComparison.Ordinal);
        }
    }

    return (runId, headers, first, clock.Elapsed.TotalMilliseconds, count, completed);
}

static double P(IEnumerable<double> values, int percentile)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

int Option(string name, int fallback) => int.Parse(OptionText(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string OptionText(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

async Task MeasureStore(Fathom.Storage.IRunStore store, string what)
{
    Console.WriteLine();
    Console.WriteLine($"## Run store ({what})");
    var tag = Guid.NewGuid().ToString("N")[..8];
    foreach (var writers in new[] { 1, 200 })
    {
        const int RunsPerWriter = 5;
        var ids = Enumerable.Range(0, writers).Select(w => Enumerable.Range(0, RunsPerWriter).Select(r => $"bench-{tag}-{writers}-{w}-{r}").ToArray()).ToArray();
        foreach (var id in ids.SelectMany(i => i))
        {
            store.Create(id, new ResearchRequest { Question = "q" }, "bench", "owner");
        }

        var stored = 0L;
        var storeClock = Stopwatch.StartNew();
        await Task.WhenAll(ids.Select(runs => Task.Run(async () =>
        {
            foreach (var id in runs)
            {
                foreach (var e in events)
                {
                    await store.AppendAsync(e with { RunId = id });
                    Interlocked.Increment(ref stored);
                }
            }
        })));
        Console.WriteLine($"{writers} run(s) writing: {stored / storeClock.Elapsed.TotalSeconds:N0} events/s stored");
    }
}
