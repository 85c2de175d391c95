using Fathom.Reading.Documents;
using Fathom.Search.Local;
using Fathom.Tests.Support;

namespace Fathom.Tests.Search;

public sealed class LocalIndexConcurrencyTests
{
    [Fact]
    public async Task ManySearchesAtOnce_WhileTheIndexIsUpdated_AllAnswerRightly()
    {
        using var dir = new TempDirectory();
        var corpus = Directory.CreateDirectory(dir.File("corpus")).FullName;
        for (var i = 0; i < 50; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(corpus, $"doc{i}.md"), $"# Tides {i}\n\nThe Moon's gravity raises tides; note {i} on spring tides and neap tides.");
        }

        await File.WriteAllTextAsync(Path.Combine(corpus, "bread.md"), "# Bread\n\nSourdough bread rises because wild yeast ferments the dough.");
        using var index = LocalIndex.Open(dir.File("index.db"));
        await index.UpdateAsync(corpus, new DocumentLoader());

        var writer = Task.Run(async () =>
        {
            for (var i = 50; i < 80; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(corpus, $"doc{i}.md"), $"# Tides {i}\n\nMore on tides, note {i}.");
                await index.UpdateAsync(corpus, new DocumentLoader());
            }
        });
        var searches = Enumerable.Range(0, 64).Select(i => Task.Run(() => i % 2 == 0 ? index.Search("sourdough yeast", 3) : index.Search("spring tides", 5))).ToArray();
        var results = await Task.WhenAll(searches);
        await writer;

        for (var i = 0; i < results.Length; i++)
        {
            Assert.NotEmpty(results[i]);
            Assert.Equal(i % 2 == 0 ? "Bread" : null, i % 2 == 0 ? results[i][0].Title : null);
        }

        Assert.Equal(81, index.DocumentCount);
    }

    [Fact]
    public void Dispose_LetsGoOfTheFile()
    {
        var dir = new TempDirectory();
        var path = dir.File("index.db");
        using (var index = LocalIndex.Open(path))
        {
            Assert.Empty(index.Search("anything", 3));
        }

        File.Delete(path);
        Assert.False(File.Exists(path));
        dir.Dispose();
    }
}
