using System.Text.Json;
using Fathom.Models.Extractive;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Search;
using Fathom.Search.Local;

namespace Fathom.Page.Tests.Support;

/// <summary>
/// A small folder of documents about heat pumps, indexed by the engine's own local index and
/// researched by the built-in extractive model: the real engine, offline. Each search can be
/// slowed down so that a browser can watch a run while it goes on.
/// </summary>
internal sealed class TopicCorpus : IDisposable
{
    public const string Question = "how do heat pumps work and what do they cost";

    private static readonly (string Url, string Title, string Text)[] Documents =
    [
        ("https://energy.example/heat-pumps-explained", "Heat pumps explained",
            "A heat pump moves heat from outside air or the ground into a building instead of burning fuel. The compressor raises the temperature of a refrigerant so that it can release heat indoors. Modern air source heat pumps keep working at outdoor temperatures well below freezing."),
        ("https://energy.example/efficiency", "How efficient are heat pumps",
            "The coefficient of performance of an air source heat pump is typically between three and four. A heat pump with a coefficient of performance of three delivers three units of heat for each unit of electricity. Ground source heat pumps are more efficient in cold weather because the ground temperature is stable."),
        ("https://costs.example/installation", "What a heat pump installation costs",
            "Installing an air source heat pump costs between 8000 and 14000 euros in a typical house. Ground source heat pumps cost more to install because a borehole or trench is needed. Grants in several countries pay part of the installation cost of a heat pump."),
        ("https://costs.example/running", "Running costs of heat pumps",
            "The running cost of a heat pump depends on the price of electricity and on its efficiency. In a well insulated house a heat pump usually costs less to run than an oil boiler. Heat pumps cost more to run in poorly insulated houses because they must work harder."),
        ("https://homes.example/insulation", "Insulation before a heat pump",
            "Insulation lowers the heat a house loses, so a smaller heat pump is enough. Larger radiators or underfloor heating let a heat pump work at a lower flow temperature, which raises its efficiency."),
        ("https://homes.example/noise", "Are heat pumps noisy",
            "The outdoor unit of an air source heat pump makes a fan noise similar to a refrigerator. Placing the outdoor unit away from bedroom windows keeps the noise from disturbing neighbours."),
    ];

    private TopicCorpus(string directory, LocalIndex index, TimeSpan searchDelay)
    {
        Directory = directory;
        Index = index;
        var search = new SlowSearch(new LocalSearchProvider(index), searchDelay);
        Engine = new ResearchEngine(new ExtractiveResearchModel(), [search], new ReaderChain([new LocalPageReader(index)]));
    }

    public string Directory { get; }

    public LocalIndex Index { get; }

    public ResearchEngine Engine { get; }

    public static async Task<TopicCorpus> CreateAsync(TimeSpan? searchDelay = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("fathom-page-corpus-").FullName;
        var documents = Path.Combine(directory, "docs");
        System.IO.Directory.CreateDirectory(documents);
        var i = 0;
        foreach (var (url, title, text) in Documents)
        {
            await File.WriteAllTextAsync(Path.Combine(documents, $"doc{++i}.json"), JsonSerializer.Serialize(new Dictionary<string, string> { ["url"] = url, ["title"] = title, ["text"] = text }));
        }

        var index = await Composition.EngineFactory.OpenCorpusAsync(documents, Path.Combine(directory, "index.db"), null, null, CancellationToken.None);
        return new TopicCorpus(directory, index, searchDelay ?? TimeSpan.Zero);
    }

    /// <summary>Runs the question to the end without clarifying and folds the result.</summary>
    public async Task<ResearchResult> ResearchAsync(string question = Question)
    {
        var events = new List<Events.ResearchEvent>();
        var request = new ResearchRequest { Question = question, AllowClarification = false, Limits = new ResearchLimits { MaxRounds = 2 } };
        await foreach (var e in Engine.RunAsync(request))
        {
            events.Add(e);
        }

        return ResearchResult.Fold(events);
    }

    public void Dispose()
    {
        Index.Dispose();
        TempFiles.Delete(Directory);
    }

    /// <summary>Searches through another provider after a pause, so that a run takes long enough to watch.</summary>
    private sealed class SlowSearch(ISearchProvider inner, TimeSpan delay) : ISearchProvider
    {
        public string Name => inner.Name;

        public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            return await inner.SearchAsync(query, cancellationToken);
        }
    }
}
