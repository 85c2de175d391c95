using Fathom.Events;
using Fathom.Models.Extractive;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Tests.Support;
using Fathom.Text;

namespace Fathom.Tests.Text;

public sealed class HeadlineTests
{
    [Theory]
    [InlineData("How do solar panels work?", "How do solar panels work?")]
    [InlineData("  How   do\nsolar panels work?  ", "How do solar panels work?")]
    public void ShortText_IsOnlyNormalised(string text, string expected) => Assert.Equal(expected, Words.Headline(text));

    [Fact]
    public void LongText_IsCutAtAWordWithAnEllipsis()
    {
        var text = string.Join(' ', Enumerable.Range(1, 5_000).Select(i => $"word{i}"));

        var headline = Words.Headline(text);

        Assert.EndsWith(" …", headline, StringComparison.Ordinal);
        Assert.StartsWith("word1 word2 ", headline, StringComparison.Ordinal);
        Assert.True(headline.Length <= 514, headline);
        Assert.DoesNotContain("word65", headline, StringComparison.Ordinal);
    }

    [Fact]
    public void LongTextWithoutSpaces_NeverEndsInHalfACharacter()
    {
        var headline = Words.Headline("a" + string.Concat(Enumerable.Repeat("😀", 2_000)));

        Assert.False(char.IsHighSurrogate(headline.TrimEnd(' ', '…')[^1]));
    }

    [Fact]
    public async Task ExtractiveRun_WithAVeryLongQuestion_DoesNotRepeatItInEveryEvent()
    {
        var pages = new ReadPage[]
        {
            new("https://a.example/solar", "Solar power", "Solar panels convert sunlight into electricity. Panel prices fell sharply over the last decade."),
            new("https://b.example/wind", "Wind power", "Wind turbines convert moving air into electricity. Offshore wind farms produce steadier power."),
        };
        var corpus = new InMemoryCorpus(pages);
        var question = "How do solar panels and wind turbines make electricity? " + string.Join(' ', Enumerable.Repeat("Please explain in detail.", 4_000));
        var engine = new ResearchEngine(new ExtractiveResearchModel(), [corpus], corpus);

        long echoed = 0;
        await foreach (var e in engine.RunAsync(new ResearchRequest { Question = question, AllowClarification = false }, "run-long"))
        {
            if (e is not RunStarted)
            {
                echoed += FathomJson.Serialize(e).Length;
            }
        }

        // The question is 100 KB; the events after the first, all together, carry a small part of it.
        Assert.True(echoed < question.Length / 2, $"{echoed} characters of events for a {question.Length}-character question");
    }
}
