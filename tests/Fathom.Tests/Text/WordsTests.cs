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

    [Theory]
    [InlineData("把茶叶运到欧洲", new[] { "把茶", "茶叶", "叶运", "运到", "到欧", "欧洲" })]
    [InlineData("iPhone发布会", new[] { "iphone", "发布", "布会" })]
    [InlineData("我 是", new[] { "我", "是" })]
    [InlineData("東京タワーへ行く", new[] { "東京", "京タ", "タワ", "ワー", "ーへ", "へ行", "行く" })]
    [InlineData("Tea reached Europe, 茶叶 too", new[] { "tea", "reached", "europe", "茶叶", "too" })]
    [InlineData("서울에서 만나요", new[] { "서울", "울에", "에서", "만나", "나요" })]
    public void Tokens_ReadChineseJapaneseAndKoreanAsPairsOfCharacters(string text, string[] expected) =>
        Assert.Equal(expected, Words.Tokens(text));

    [Fact]
    public void Count_IsTheWhiteSpaceWordsOfSpacedText_AndEstimatesChineseWords()
    {
        Assert.Equal(4, Words.Count("  The quick\n brown\tfox "));
        Assert.Equal(0, Words.Count(" \n "));
        Assert.Equal(0, Words.Count(null));

        // 20 characters, about 1.6 a word: far more than the one "word" white space would make of them.
        var chinese = Words.Count("茶叶通过丝绸之路和茶马古道传到了中亚和西藏。");
        Assert.InRange(chinese, 10, 16);
    }
}
