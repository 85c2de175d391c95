using System.Diagnostics;
using System.Text.Json;
using Fathom.Composition;
using Fathom.Events;
using Fathom.Research;

namespace Fathom.Benchmarks;

/// <summary>
/// Whole offline runs: every research question over the research corpus with the built-in model,
/// timing each run and reporting the process's peak memory. Not a BenchmarkDotNet benchmark: a run
/// takes seconds and its peak memory is the figure that matters.
/// </summary>
internal static class OfflineRunMeasurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        var corpus = args.Length > 0 ? args[0] : SharedData.ResearchCorpus;
        var queries = args.Length > 1 ? args[1] : SharedData.ResearchQueries;
        var indexPath = Path.Combine(Path.GetTempPath(), $"fathom-bench-{Guid.NewGuid():N}.db");
        try
        {
            var build = Stopwatch.StartNew();
            using var handle = await EngineFactory.CreateAsync(new EngineOptions { Model = new Fathom.Models.Extractive.ExtractiveResearchModel(), CorpusDirectory = corpus, IndexPath = indexPath });
            build.Stop();
            Console.WriteLine($"index: {handle.Index!.DocumentCount} documents in {build.Elapsed.TotalMilliseconds:F0} ms ({handle.Index.DocumentCount / build.Elapsed.TotalSeconds:F0} documents/s)");
            Console.WriteLine("| question | time (s) | events | words (report + references list) | references |");
            Console.WriteLine("|---|---|---|---|---|");
            var times = new List<double>();
            foreach (var line in File.ReadLines(queries).Where(l => l.Trim().Length > 0))
            {
                var question = JsonDocument.Parse(line).RootElement.GetProperty("query").GetString()!;
                var watch = Stopwatch.StartNew();
                var events = new List<ResearchEvent>();
                await foreach (var e in handle.Engine.RunAsync(new ResearchRequest { Question = question, AllowClarification = false }))
                {
                    events.Add(e);
                }

                watch.Stop();
                times.Add(watch.Elapsed.TotalSeconds);
                var result = ResearchResult.Fold(events);
                Console.WriteLine($"| {question} | {watch.Elapsed.TotalSeconds:F2} | {events.Count} | {Fathom.Text.Words.Count(result.Report)} | {result.References.Count} |");
            }

            using var process = Process.GetCurrentProcess();
            process.Refresh();
            Console.WriteLine($"mean run time: {times.Average():F2} s, slowest {times.Max():F2} s; peak working set: {process.PeakWorkingSet64 / (1024 * 1024)} MiB");
            return 0;
        }
        finally
        {
            foreach (var f in new[] { indexPath, indexPath + "-wal", indexPath + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}
