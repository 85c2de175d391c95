using Fathom.Reading.Documents;
using Fathom.Search;
using Fathom.Search.Local;
using Fathom.Tests.Support;

namespace Fathom.Tests.Search;

/// <summary>
/// Chinese and Japanese write a clause as one run of characters, Korean a word with its particles. The
/// index finds a word of two characters inside such a run, shows snippets and text as the files have them, keeps up with
/// changed files, and an index made before it is migrated when it is opened.
/// </summary>
public sealed class ChineseSearchTests
{
    private const string Tea = "# 中国茶的历史\n\n茶起源于中国西南地区，最早被用作药物。十七世纪，荷兰东印度公司把茶叶运到欧洲，茶很快在英国流行起来。";
    private const string Coffee = "# 咖啡的传播\n\n咖啡起源于埃塞俄比亚。十七世纪，威尼斯出现了欧洲最早的咖啡馆。";
    private const string Tides = "# Tides\n\nThe Moon's gravity raises tides in the oceans.";

    private static async Task<(TempDirectory Dir, string Corpus)> CorpusAsync()
    {
        var dir = new TempDirectory();
        var corpus = Directory.CreateDirectory(dir.File("corpus")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corpus, "tea.md"), Tea);
        await File.WriteAllTextAsync(Path.Combine(corpus, "coffee.md"), Coffee);
        await File.WriteAllTextAsync(Path.Combine(corpus, "tides.md"), Tides);
        await File.WriteAllTextAsync(Path.Combine(corpus, "seoul.md"), "# 회의\n\n국제 기후 회의가 서울에서 열렸습니다.");
        return (dir, corpus);
    }

    [Fact]
    public async Task Search_FindsATwoCharacterWordInsideARun_AndShowsTheTextAsTheFileHasIt()
    {
        var (dir, corpus) = await CorpusAsync();
        using var _ = dir;
        using var index = LocalIndex.Open(dir.File("index.db"));
        await index.UpdateAsync(corpus, new DocumentLoader());

        var hits = index.Search("茶叶是怎样传到欧洲的？", 5);
        var page = await new LocalPageReader(index).ReadAsync(hits[0], CancellationToken.None);

        Assert.EndsWith("tea.md", hits[0].Url, StringComparison.Ordinal);
        Assert.Contains("茶叶", hits[0].Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain('\u200B', hits[0].Snippet);
        Assert.Equal("中国茶的历史", hits[0].Title);
        Assert.Contains("荷兰东印度公司把茶叶运到欧洲", page!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u200B', page.Text);
        Assert.DoesNotContain(hits, h => h.Url.EndsWith("tides.md", StringComparison.Ordinal));
        Assert.Single(index.Search("咖啡馆", 5));
        Assert.EndsWith("tides.md", index.Search("moon tides", 5)[0].Url, StringComparison.Ordinal);

        // Korean writes a word and its particles as one: 서울에서 ("in Seoul") is found by 서울.
        Assert.EndsWith("seoul.md", Assert.Single(index.Search("서울", 5)).Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_OfAChangedChineseFile_ForgetsItsOldWords()
    {
        var (dir, corpus) = await CorpusAsync();
        using var _ = dir;
        using var index = LocalIndex.Open(dir.File("index.db"));
        await index.UpdateAsync(corpus, new DocumentLoader());

        var file = Path.Combine(corpus, "coffee.md");
        await File.WriteAllTextAsync(file, "# 可可\n\n可可豆原产于美洲，阿兹特克人用它制作饮料。");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        await index.UpdateAsync(corpus, new DocumentLoader());

        Assert.Empty(index.Search("咖啡馆", 5));
        Assert.EndsWith("coffee.md", Assert.Single(index.Search("阿兹特克", 5)).Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_MigratesAnIndexMadeBeforeChineseWasIndexedByCharacter()
    {
        using var dir = new TempDirectory();
        var path = dir.File("old.db");
        EarlierIndexes.VersionTwoAt(
            path,
            ("/c/tea.md", "file:///c/tea.md", "中国茶的历史", "十七世纪，荷兰东印度公司把茶叶运到欧洲。"),
            ("/c/tides.md", "file:///c/tides.md", "Tides", "The Moon raises tides."));

        using (var index = LocalIndex.Open(path))
        {
            Assert.Equal("file:///c/tea.md", Assert.Single(index.Search("茶叶", 5)).Url);
            Assert.Equal("file:///c/tides.md", Assert.Single(index.Search("tides", 5)).Url);
            Assert.Equal(2, index.DocumentCount);
        }

        using var reopened = LocalIndex.Open(path);
        Assert.Equal("file:///c/tea.md", Assert.Single(reopened.Search("欧洲", 5)).Url);
    }

    [Fact]
    public async Task Open_OfAnEarlierIndexByTwoAtOnce_MigratesItOnce()
    {
        using var dir = new TempDirectory();
        var path = dir.File("old.db");
        EarlierIndexes.VersionTwoAt(path, ("/c/tea.md", "file:///c/tea.md", "中国茶的历史", "十七世纪，荷兰东印度公司把茶叶运到欧洲。"));

        using var start = new Barrier(2);
        var opens = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return LocalIndex.Open(path);
        })).ToList();
        var indexes = await Task.WhenAll(opens);

        try
        {
            Assert.All(indexes, index => Assert.Equal("file:///c/tea.md", Assert.Single(index.Search("茶叶", 5)).Url));
        }
        finally
        {
            foreach (var index in indexes)
            {
                index.Dispose();
            }
        }
    }
}
