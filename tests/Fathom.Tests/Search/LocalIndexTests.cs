using Fathom.Reading.Documents;
using Fathom.Search;
using Fathom.Search.Local;
using Fathom.Tests.Support;

namespace Fathom.Tests.Search;

public sealed class LocalIndexTests
{
    private static async Task<(TempDirectory Dir, string Corpus)> CorpusAsync()
    {
        var dir = new TempDirectory();
        var corpus = Directory.CreateDirectory(dir.File("corpus")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corpus, "tides.md"), "# Tides\n\nThe Moon's gravity raises tides in the oceans. Spring tides happen at full and new moon.");
        await File.WriteAllTextAsync(Path.Combine(corpus, "bread.txt"), "Sourdough bread rises because wild yeast ferments the dough.");
        await File.WriteAllTextAsync(Path.Combine(corpus, "page.html"), "<html><head><title>Volcanoes</title><script>var x = 'lava';</script></head><body><nav>Home</nav><p>Magma that reaches the surface is called lava.</p></body></html>");
        await File.WriteAllTextAsync(Path.Combine(corpus, "docs.jsonl"), """
            {"url": "https://example.org/a", "title": "Comets", "text": "Comets are icy bodies that grow tails near the Sun."}
            {"url": "https://example.org/b", "title": "Asteroids", "text": "Most asteroids orbit between Mars and Jupiter."}
            """);
        await File.WriteAllTextAsync(Path.Combine(corpus, "one.json"), """{"url": "https://example.org/c", "title": "Meteors", "text": "A meteor is the streak of light from a burning rock."}""");
        return (dir, corpus);
    }

    [Fact]
    public async Task Update_IndexesEveryKindOfDocument()
    {
        var (dir, corpus) = await CorpusAsync();
        using var _ = dir;
        using var index = LocalIndex.Open(dir.File("index.db"));

        var update = await index.UpdateAsync(corpus, new DocumentLoader());

        Assert.Equal(5, update.FilesAdded);
        Assert.Equal(6, index.DocumentCount);
        Assert.Empty(update.Failures);
    }

    [Fact]
    public async Task Search_RanksMatchingDocumentFirst_AndReaderReturnsItsTextVerbatim()
    {
        var (dir, corpus) = await CorpusAsync();
        using var _ = dir;
        using var index = LocalIndex.Open(dir.File("index.db"));
        await index.UpdateAsync(corpus, new DocumentLoader());
        var provider = new LocalSearchProvider(index);

        var hits = await provider.SearchAsync(new SearchQuery("Where do asteroids orbit?"), CancellationToken.None);
        var page = await new LocalPageReader(index).ReadAsync(hits[0], CancellationToken.None);

        Assert.Equal("https://example.org/b", hits[0].Url);
        Assert.Equal("local", hits[0].Provider);
        Assert.Equal("Most asteroids orbit between Mars and Jupiter.", page!.Text);
    }

    [Fact]
    public async Task Search_StemsWords()
    {
        var (dir, corpus) = await CorpusAsync();
        using var _ = dir;
        using var index = LocalIndex.Open(dir.File("index.db"));
        await index.UpdateAsync(corpus, new DocumentLoader());

        var hits = index.Search("fermenting", 5);

        Assert.Contains(hits, h => h.Url.EndsWith("bread.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_IgnoresOperatorsInTheQuery()
    {
        var (dir, corpus) = await CorpusAsync();
        using var _ = dir;
        using var index = LocalIndex.Open(dir.File("index.db"));
        await index.UpdateAsync(corpus, new DocumentLoader());

        var hits = index.Search("\"comets\" AND (tails OR NEAR) -Sun*", 5);

        Assert.Equal("https://example.org/a", hits[0].Url);
    }

    [Fact]
    public async Task Html_DropsScriptsAndNavigation()
    {
        var (dir, corpus) = await CorpusAsync();
        using var _ = dir;
        using var index = LocalIndex.Open(dir.File("index.db"));
        await index.UpdateAsync(corpus, new DocumentLoader());

        var doc = index.All().Single(d => d.Title == "Volcanoes");

        Assert.Equal("Magma that reaches the surface is called lava.", doc.Text);
    }

    [Fact]
    public async Task Update_IsIncremental()
    {
        var (dir, corpus) = await CorpusAsync();
        using var _ = dir;
        using var index = LocalIndex.Open(dir.File("index.db"));
        await index.UpdateAsync(corpus, new DocumentLoader());

        await File.WriteAllTextAsync(Path.Combine(corpus, "bread.txt"), "Rye bread is dense and sour.");
        File.SetLastWriteTimeUtc(Path.Combine(corpus, "bread.txt"), DateTime.UtcNow.AddMinutes(1));
        File.Delete(Path.Combine(corpus, "one.json"));
        await File.WriteAllTextAsync(Path.Combine(corpus, "new.md"), "# Glaciers\n\nGlaciers carve valleys.");
        var update = await index.UpdateAsync(corpus, new DocumentLoader());

        Assert.Equal((1, 1, 1, 3), (update.FilesAdded, update.FilesUpdated, update.FilesRemoved, update.FilesUnchanged));
        Assert.Empty(index.Search("sourdough", 5));
        Assert.Single(index.Search("rye", 5));
        Assert.Empty(index.Search("meteor", 5));
        Assert.Single(index.Search("glaciers", 5));
    }

    [Fact]
    public async Task Update_BrokenFile_IsReportedAndTheRestIndexed()
    {
        var (dir, corpus) = await CorpusAsync();
        using var _ = dir;
        await File.WriteAllTextAsync(Path.Combine(corpus, "broken.json"), "{ not json");
        using var index = LocalIndex.Open(dir.File("index.db"));

        var update = await index.UpdateAsync(corpus, new DocumentLoader());

        Assert.Contains(update.Failures, f => f.Contains("broken.json", StringComparison.Ordinal));
        Assert.Equal(6, index.DocumentCount);
    }

    [Fact]
    public async Task Index_PersistsAcrossOpens()
    {
        var (dir, corpus) = await CorpusAsync();
        using var _ = dir;
        using (var index = LocalIndex.Open(dir.File("index.db")))
        {
            await index.UpdateAsync(corpus, new DocumentLoader());
        }

        using var reopened = LocalIndex.Open(dir.File("index.db"));
        Assert.Equal(6, reopened.DocumentCount);
        Assert.NotEmpty(reopened.Search("tides moon", 3));
    }

    [Fact]
    public void DefaultPath_IsPerFolderAndOutsideIt()
    {
        var a = LocalIndex.DefaultPathFor("/data/one");
        var b = LocalIndex.DefaultPathFor("/data/two");

        Assert.NotEqual(a, b);
        Assert.DoesNotContain("/data/one", a, StringComparison.Ordinal);
    }
}
