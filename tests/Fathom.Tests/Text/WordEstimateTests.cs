using Fathom.Text;

namespace Fathom.Tests.Text;

/// <summary>Words and widths of text in scripts written with and without spaces.</summary>
public sealed class WordEstimateTests
{
    [Theory]
    [InlineData("one", 1)]
    [InlineData("the river rose in the night", 6)]
    [InlineData("Straße déjà-vu ΣΟΦΙΑ Москва", 4)]
    [InlineData("首页", 1)] // a two-character word, as most Chinese words are
    [InlineData("本市地铁十四号线今天上午正式开通运营", 11)] // 18 characters / 1.6
    [InlineData("本市地铁十四号线，今天上午正式开通运营。", 11)] // punctuation ends a run: 8 / 1.6 and 10 / 1.6, rounded
    [InlineData("iPhone发布会", 3)] // a word of a spaced script beside the run
    [InlineData("東京の地下鉄は便利です", 7)]
    [InlineData("iPhone 17 发布会将于九月举行", 8)] // two spaced words and a run of 10 characters
    [InlineData("รถไฟฟ้าสายใหม่เปิดให้บริการวันนี้", 8)] // 33 Thai characters / 4
    public void Of_CountsSpacedWordsBySpacesAndUnspacedScriptsByCharacters(string text, int words)
    {
        Assert.Equal(words, WordEstimate.Of(text));
    }

    [Fact]
    public void Of_InSpacedScripts_IsOnePlusTheSpaces()
    {
        // Pages in scripts written with spaces read as they always have: the trained models' word counts are unchanged.
        const string text = "A cat, 3 dogs and 12.5% of the vote (2024).";

        Assert.Equal(1 + text.Count(c => c == ' '), WordEstimate.Of(text));
        Assert.Equal(text.Length, WordEstimate.Length(text));
    }

    [Fact]
    public void Length_WeighsEachCharacterAsItsShareOfAWord()
    {
        Assert.Equal(4 * 10, WordEstimate.Length("今天上午正式开通运营"));
        Assert.Equal(2 * 4, WordEstimate.Length("รถไฟ"));
        Assert.Equal(3 + 4 * 2, WordEstimate.Length("AI 芯片"));
    }
}
