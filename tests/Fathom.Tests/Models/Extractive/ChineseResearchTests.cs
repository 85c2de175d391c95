using Fathom.Events;
using Fathom.Models.Extractive;
using Fathom.Research;
using Fathom.Tests.Support;

namespace Fathom.Tests.Models.Extractive;

/// <summary>
/// Research in Chinese with no network and no language model: over a few notes written without spaces
/// between words, the built-in model finds the sentence that answers the question, quotes it verbatim,
/// and says plainly when the notes do not address a question.
/// </summary>
public sealed class ChineseResearchTests(ChineseResearchTests.Notes notes) : IClassFixture<ChineseResearchTests.Notes>
{
    [Fact]
    public async Task AQuestionTheNotesAnswer_IsAnsweredWithVerbatimChineseQuotes()
    {
        var result = await notes.RunAsync("茶叶是怎样传到欧洲的？");

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.True(result.AddressesQuestion, result.Report);
        var quotes = result.References.SelectMany(r => r.Quotes.Select(q => (r.Url, Quote: q))).ToList();
        Assert.Contains(quotes, q => q.Quote.Contains("荷兰东印度公司把茶叶运到欧洲", StringComparison.Ordinal));
        Assert.All(quotes, q => Assert.Contains(q.Quote, notes.TextOf(q.Url), StringComparison.Ordinal));
        Assert.Contains("荷兰东印度公司把茶叶运到欧洲", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQuestionTheNotesDoNotAddress_IsSaidToBeNotCovered()
    {
        var result = await notes.RunAsync("量子纠错是如何工作的？");

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.False(result.AddressesQuestion, result.Report);
    }

    /// <summary>Notes on tea, coffee and silk, indexed once (with embeddings).</summary>
    public sealed class Notes : IAsyncLifetime
    {
        private static readonly (string Name, string Text)[] Files =
        [
            ("tea.md", "# 中国茶的历史\n\n茶起源于中国西南地区，最早被用作药物。据传说，神农氏发现了茶。唐朝时期，陆羽撰写了《茶经》，这是世界上第一部关于茶的专著。宋朝流行点茶，人们把茶叶研磨成粉末，再用沸水冲点。\n\n茶叶通过丝绸之路和茶马古道传到了中亚和西藏。十七世纪，荷兰东印度公司把茶叶运到欧洲，茶很快在英国流行起来。\n"),
            ("coffee.md", "# 咖啡的传播\n\n咖啡起源于埃塞俄比亚。十五世纪，也门的苏菲派修士开始饮用咖啡，以便在夜间祈祷时保持清醒。咖啡随后传到了麦加、开罗和伊斯坦布尔。十七世纪，威尼斯出现了欧洲最早的咖啡馆。\n\n咖啡因是一种中枢神经兴奋剂，可以减轻疲劳。研究表明，适量饮用咖啡对大多数成年人是安全的。\n"),
            ("silk.md", "# 丝绸\n\n中国是最早养蚕缫丝的国家。汉朝时，张骞出使西域，开辟了连接中国与地中海的贸易路线。罗马贵族非常喜爱来自中国的丝绸，丝绸的价格一度与黄金相当。\n"),
        ];

        private readonly TempDirectory _dir = new();

        /// <summary>The text of the note a reference's address names.</summary>
        public string TextOf(string url) => Files.Single(f => url.EndsWith("/" + f.Name, StringComparison.Ordinal)).Text;

        public Task<ResearchResult> RunAsync(string question) => FolderResearch.RunAsync(new ExtractiveResearchModel(), _dir.File("corpus"), _dir.File("index.db"), question);

        public async Task InitializeAsync()
        {
            var corpus = Directory.CreateDirectory(_dir.File("corpus"));
            foreach (var (name, text) in Files)
            {
                await File.WriteAllTextAsync(Path.Combine(corpus.FullName, name), text);
            }
        }

        public Task DisposeAsync()
        {
            _dir.Dispose();
            return Task.CompletedTask;
        }
    }
}
