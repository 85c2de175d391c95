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

    /// <summary>
    /// Sets of sentences on different subjects, each with a phrase the grammar of the set must find and
    /// a verb fragment it must not give: the verb is known only by how the set's own sentences use it.
    /// </summary>
    public static TheoryData<string[], string, string> VerbFragments => new()
    {
        {
            ["A run goes through five stages.", "The run goes on with the next round.", "Each run keeps its events in the store.", "The store is a SQLite file."],
            "run", "goes"
        },
        {
            ["The model cites the page it read.", "The model cites every source.", "Each model writes a report.", "The report is short."],
            "model", "cites"
        },
        {
            ["Founders need to raise money before the product is ready.", "The founders raise money from friends.", "Most founders know the risk of money running out."],
            "founders", "raise"
        },
        {
            ["The moon pulls the ocean toward it.", "The moon pulls hardest at new and full moon.", "The pull of the moon is what makes the tides."],
            "moon", "pulls"
        },
    };

    [Theory]
    [MemberData(nameof(VerbFragments))]
    public void Of_WithTheTextsGrammar_CutsVerbFragmentsBackToTheirNoun(string[] sentences, string phrase, string verb)
    {
        var grammar = PhraseGrammar.Of(sentences);

        var phrases = sentences.SelectMany(s => NounPhrases.Of(s, grammar)).Select(p => p.Surface).ToList();

        Assert.Contains(phrase, phrases);
        Assert.DoesNotContain(phrases, p => p.Split(' ').Contains(verb));
        Assert.All(phrases, p => Assert.True(grammar.CanHead(p.Split(' ')[^1]), $"'{p}' ends in a word the sentences do not use as a noun"));
        Assert.DoesNotContain(phrases, p => Fathom.Text.Words.IsStopWord(p.Split(' ')[^1]));
    }

    [Fact]
    public void Of_WithTheTextsGrammar_KeepsCompoundNounsAndOfPhrases()
    {
        string[] sentences = ["The refinery capacity fell in 2022.", "Refinery capacity is what sets the price.", "A lack of funding ends many companies.", "The lack of funding is common."];
        var grammar = PhraseGrammar.Of(sentences);

        var phrases = sentences.SelectMany(s => NounPhrases.Of(s, grammar)).Select(p => p.Surface).ToList();

        Assert.Contains("refinery capacity", phrases);
        Assert.Contains("lack of funding", phrases);
    }
}
