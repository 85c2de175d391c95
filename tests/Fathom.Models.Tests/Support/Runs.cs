using Fathom.Events;
using Fathom.Models;
using Fathom.Research;

namespace Fathom.Models.Tests.Support;

/// <summary>Runs the real engine with a model over an in-memory library and collects the events.</summary>
internal static class Runs
{
    public const string StartupsQuery = "1004305";

    public static InMemoryLibrary Startups() => new(Corpus.ForQuery(StartupsQuery));

    public static async Task<List<ResearchEvent>> RunAsync(IResearchModel model, InMemoryLibrary library, ResearchRequest request)
    {
        var engine = new ResearchEngine(model, [library], library);
        var events = new List<ResearchEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var e in engine.RunAsync(request, cancellationToken: timeout.Token))
        {
            events.Add(e);
        }

        return events;
    }

    public static ResearchRequest Request(string question = "why startups fail", ResearchLimits? limits = null) => new()
    {
        Question = question,
        AllowClarification = false,
        Limits = limits ?? new ResearchLimits { MaxRounds = 3, PagesPerRound = 4 },
    };
}
