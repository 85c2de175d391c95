using System.Text.Json;
using Fathom.Composition;
using Fathom.Models;
using Fathom.Research;

namespace Fathom.Server.Tests.Support;

/// <summary>A folder of documents on disk, opened through the engine's own composition root and local index.</summary>
internal sealed class LocalCorpus : IDisposable
{
    private LocalCorpus(string directory, EngineHandle handle)
    {
        Directory = directory;
        Handle = handle;
    }

    public string Directory { get; }

    public EngineHandle Handle { get; }

    /// <summary>Writes the education documents as JSON files and builds the engine over them with <paramref name="model"/>.</summary>
    public static Task<LocalCorpus> CreateAsync(IResearchModel model) => CreateAsync(model, InMemoryCorpus.EducationDocuments);

    /// <summary>Writes <paramref name="documents"/> as JSON files and builds the engine over them with <paramref name="model"/>.</summary>
    public static async Task<LocalCorpus> CreateAsync(IResearchModel model, IEnumerable<(string Url, string Title, string Text)> documents)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("fathom-corpus-").FullName;
        var folder = Path.Combine(directory, "docs");
        System.IO.Directory.CreateDirectory(folder);
        var i = 0;
        foreach (var (url, title, text) in documents)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, $"doc{++i}.json"), JsonSerializer.Serialize(new Dictionary<string, string> { ["url"] = url, ["title"] = title, ["text"] = text }));
        }

        var handle = await EngineFactory.CreateAsync(new EngineOptions { Model = model, CorpusDirectory = folder, IndexPath = Path.Combine(directory, "index.db") });
        return new LocalCorpus(directory, handle);
    }

    public void Dispose()
    {
        Handle.Dispose();
        TestServer.TryDelete(Directory);
    }
}
