using System.Text.RegularExpressions;
using Fathom.Text;

namespace Fathom.Tests.Text;

/// <summary>Word tokens are read as match positions and lower-cased into their strings: the same tokens as matching and lower-casing each.</summary>
public sealed class WordsTests
{
    [Theory]
    [InlineData("The Quick brown FOX, 42 times_over!")]
    [InlineData("İstanbul ÖZEL Straße ΣΟΦΙΑ Ǆemal ＡＢＣ déjà-vu naïve 𝐀𝐁 x\u0301y")]
    [InlineData("")]
    [InlineData("   ... !!! ")]
    public void Tokens_AreTheMatchesLowerCased(string text)
    {
        var expected = Regex.Matches(text, @"\w+", RegexOptions.CultureInvariant).Select(m => m.Value.ToLowerInvariant()).ToList();

        Assert.Equal(expected, Words.Tokens(text));
        Assert.Equal(expected.Where(w => !Words.IsStopWord(w)), Words.ContentTokens(text));
    }

    [Fact]
    public void IsStopWord_ReadsSpansAsStrings()
    {
        Assert.True(Words.IsStopWord("the".AsSpan()));
        Assert.True(Words.IsStopWord("xthey".AsSpan(1)));
        Assert.False(Words.IsStopWord("The".AsSpan()));
        Assert.False(Words.IsStopWord("river".AsSpan()));
    }
}
