using Fathom.Models.Extractive;

namespace Fathom.Tests.Models.Extractive;

/// <summary>Noun phrases found without a tagger: after an article, possessive or preposition, up to the next function word.</summary>
public sealed class NounPhraseTests
{
    [Theory]
    [InlineData("Many startups fail because of a lack of funding.", "lack of funding")]
    [InlineData("The side effects of the vaccine were mild for most people.", "side effects")]
    [InlineData("Prices rose with the refinery capacity cuts in 2022.", "refinery capacity cuts")]
    [InlineData("It goes through the process quickly.", "process")]
    public void Of_FindsThePhraseAfterAnOpener(string sentence, string phrase)
    {
        Assert.Contains(NounPhrases.Of(sentence), p => p.Surface == phrase);
    }

    [Theory]
    [InlineData("It goes through hard times.", "goes through")]
    [InlineData("Prices rose quickly in 2022.", "2022")]
    [InlineData("They said it quickly.", "quickly")]
    public void Of_LeavesOutVerbsAdverbsAndNumbers(string sentence, string notAPhrase)
    {
        Assert.DoesNotContain(NounPhrases.Of(sentence), p => p.Surface.Contains(notAPhrase, StringComparison.Ordinal));
    }

    [Fact]
    public void Of_EndsAPhraseAtAWordThatFollowsAPronounElsewhere()
    {
        var verbs = NounPhrases.Verbs(["A resumed run keeps its events, and it goes on where it stopped."]);

        Assert.Contains("goes", verbs);
        Assert.Contains(NounPhrases.Of("Then the run goes on without them.", verbs), p => p.Surface == "run");
        Assert.DoesNotContain(NounPhrases.Of("Then the run goes on without them.", verbs), p => p.Surface.Contains("goes", StringComparison.Ordinal));
    }

    [Fact]
    public void RankPhrases_KeepsPhrasesSeveralSourcesUse()
    {
        List<(int, string)> sentences =
        [
            (1, "Most founders blame a lack of funding for the failure."),
            (2, "The lack of funding ends many young companies."),
            (3, "Without a lack of funding the team could have kept going."),
            (1, "The company goes through a hard time."),
        ];

        var ranked = TermExpansion.RankPhrases(sentences, new HashSet<string>(StringComparer.Ordinal));

        Assert.Equal("lack of funding", ranked[0].Surface);
        Assert.DoesNotContain(ranked, t => t.Surface.Contains("goes", StringComparison.Ordinal));
    }
}
