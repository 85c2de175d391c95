using Fathom.Reading.Extraction;

namespace Fathom.Tests.Reading.Extraction;

/// <summary>The name patterns are matched once per distinct string and remembered: the flags must be what each pattern answers, the first time and after.</summary>
public sealed class ClassPatternsTests
{
    [Theory]
    [InlineData("article-body main-column")]
    [InlineData("sidebar related-links")]
    [InlineData("share-tools hid")]
    [InlineData("newsCaption")]
    [InlineData("commentary")]
    [InlineData("post-content entry")]
    [InlineData("nothing-here")]
    [InlineData("")]
    public void Match_IsWhatEachPatternAnswers(string names)
    {
        var expected = (ClassPatterns.Unlikely().IsMatch(names) ? NamePatterns.Unlikely : 0)
            | (ClassPatterns.MaybeCandidate().IsMatch(names) ? NamePatterns.MaybeCandidate : 0)
            | (ClassPatterns.Positive().IsMatch(names) ? NamePatterns.Positive : 0)
            | (ClassPatterns.Negative().IsMatch(names) ? NamePatterns.Negative : 0)
            | (ClassPatterns.Boilerplate().IsMatch(names) ? NamePatterns.Boilerplate : 0)
            | (ClassPatterns.BoilerplateWords().IsMatch(names) ? NamePatterns.BoilerplateWords : 0)
            | (ClassPatterns.ArticleBody().IsMatch(names) ? NamePatterns.ArticleBody : 0);

        Assert.Equal(expected, ClassPatterns.Match(names));
        Assert.Equal(expected, ClassPatterns.Match(new string(names.AsSpan())));
    }

    [Fact]
    public void Match_TellsThePatternsApart()
    {
        Assert.Equal(NamePatterns.Unlikely, ClassPatterns.Match("sidebar") & (NamePatterns.Unlikely | NamePatterns.MaybeCandidate));
        Assert.True(ClassPatterns.Match("article-body").HasFlag(NamePatterns.ArticleBody));
        Assert.True(ClassPatterns.Match("share-tools").HasFlag(NamePatterns.Boilerplate));
        Assert.False(ClassPatterns.Match("commentary").HasFlag(NamePatterns.BoilerplateWords));
    }
}
