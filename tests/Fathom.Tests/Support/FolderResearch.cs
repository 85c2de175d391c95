using Fathom.Composition;
using Fathom.Events;
using Fathom.Research;

namespace Fathom.Tests.Support;

/// <summary>A whole run over a folder of documents, as <c>fathom research --corpus</c> runs it, folded into its result.</summary>
internal static class FolderResearch
{
    /// <summary>Researches <paramref name="question"/> with <paramref name="model"/> over <paramref name="corpus"/>, indexed at <paramref name="index"/> (built on the first run).</summary>
    public static async Task<ResearchResult> RunAsync(IResearchModel model, string corpus, string index, string question)
    {
        using var handle = await EngineFactory.CreateAsync(new EngineOptions { Model = model, CorpusDirectory = corpus, IndexPath = index });
        var events = new List<ResearchEvent>();
        await foreach (var e in handle.Engine.RunAsync(new ResearchRequest { Question = question, AllowClarification = false }))
        {
            events.Add(e);
        }

        return ResearchResult.Fold(events);
    }
}
