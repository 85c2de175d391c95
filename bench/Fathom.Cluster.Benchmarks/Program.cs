using System.Diagnostics;
using System.Globalization;
using Fathom.Cluster.Tests.Support;
using Fathom.Events;
using Fathom.Server.Tests.Support;
using Npgsql;

// Runs/s and event latency of 1, 2 and 3 in-process nodes sharing one PostgreSQL database.
// Each run is started at node i mod N and followed from node i+1 mod N (another node whenever N > 1),
// so every event a follower sees crossed the cluster: stored, then handed over by the run's grain.
// Latency is the time from the event's own timestamp (when the engine made it) to its arrival at the follower.
//
//   dotnet bench/Fathom.Cluster.Benchmarks/bin/Release/net10.0/Fathom.Cluster.Benchmarks.dll "Host=…;Username=…;Database=postgres" [runs] [concurrency] [delay-ms]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Fathom.Cluster.Benchmarks ADMIN-CONNECTION-STRING [runs=48] [concurrency=12] [delay-ms=20]");
    return 2;
}

var admin = args[0];
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 48;
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 12;
var delay = TimeSpan.FromMilliseconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20);

Console.WriteLine($"{runs} runs, {concurrency} at once, every model call {delay.TotalMilliseconds} ms; {Environment.ProcessorCount} cores");
Console.WriteLine("| nodes | runs/s | events | event latency p50 (ms) | p95 (ms) | max (ms) |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var n in new[] { 1, 2, 3 })
{
    var database = await NewDatabaseAsync(admin);
    var nodes = new List<ClusterNode>();
    try
    {
        for (var i = 0; i < n; i++)
        {
            var script = new ScriptedResearchModel.Script { Delay = delay };
            nodes.Add(await ClusterNode.StartAsync($"n{i}", database, ClusterNode.Engine(script), runsPerKey: runs));
        }

        // One run first, to warm up every node's JIT and connections.
        await RunOnceAsync(nodes[0], nodes[^1], []);
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(concurrency);
        await Task.WhenAll(Enumerable.Range(0, runs).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var seen = new List<double>();
                await RunOnceAsync(nodes[i % n], nodes[(i + 1) % n], seen);
                lock (latencies)
                {
                    latencies.AddRange(seen);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        clock.Stop();
        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {n} | {runs / clock.Elapsed.TotalSeconds:0.00} | {latencies.Count} | {Percentile(latencies, 0.5):0.0} | {Percentile(latencies, 0.95):0.0} | {latencies[^1]:0.0} |"));
    }
    finally
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }
}

return 0;

static async Task RunOnceAsync(ClusterNode start, ClusterNode follow, List<double> latencies)
{
    using var started = await start.Client.SendAsync(ClusterNode.Generation(), HttpCompletionOption.ResponseHeadersRead);
    started.EnsureSuccessStatusCode();
    var runId = started.Headers.GetValues("x-request-id").Single();
    using var response = await follow.Client.GetAsync($"/api/v1/research/{runId}/events", HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
    var expected = 1L;
    while (await reader.ReadLineAsync() is { } line)
    {
        if (!line.StartsWith("data:", StringComparison.Ordinal))
        {
            continue;
        }

        var e = FathomJson.Deserialize(line["data:".Length..]);
        latencies.Add((DateTimeOffset.UtcNow - e.Timestamp).TotalMilliseconds);
        if (e.Sequence != expected++)
        {
            throw new InvalidOperationException($"Run {runId}: event {e.Sequence} came where {expected - 1} was due.");
        }

        if (e is RunFinished)
        {
            break;
        }
    }
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

static async Task<string> NewDatabaseAsync(string admin)
{
    var name = "fathom_cluster_bench_" + Guid.NewGuid().ToString("N")[..8];
    await using var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
    await create.ExecuteNonQueryAsync();
    return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
}
