using Fathom.Reading.Extraction.Blocks;
using Fathom.Text;

namespace Fathom.Tests.Reading.Extraction;

public sealed class BlockFeaturesTests
{
    [Theory]
    [InlineData("Acme Kettle 2000 review", "The Acme kettle_2000 boils fast, 2000 times!")]
    [InlineData("Ελληνικά νέα σήμερα", "Νέα: ελληνικά και άλλα")]
    [InlineData("東京 ニュース", "東京のニュース、今日")]
    [InlineData("Café crème", "CAFÉ, crème brûlée — naïve")]
    public void TitleOverlap_CountsWordsAsTheWordTokenizerCutsThem(string title, string text)
    {
        var titleWords = Words.Tokens(title).ToHashSet(StringComparer.Ordinal);
        var tokens = Words.Tokens(text);
        var expected = (float)tokens.Count(titleWords.Contains) / tokens.Count;

        Assert.Equal(expected, BlockFeatures.TitleOverlap(text, titleWords), 6);
    }
}
