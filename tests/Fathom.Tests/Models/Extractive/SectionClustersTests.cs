using Fathom.Models.Extractive;
using Fathom.Relevance;

namespace Fathom.Tests.Models.Extractive;

/// <summary>
/// Sections found in a report's own sentences: grouped by meaning with the built-in embedder, each
/// named by a noun phrase its sentences share, never by a verb fragment.
/// </summary>
public sealed class SectionClustersTests
{
    private static readonly string[] Sentences =
    [
        "The pull of the moon raises the tides twice a day.",
        "The tides rise as the earth turns under the pull of the moon.",
        "Spring tides come when the sun and the moon line up, and the pull of the moon adds to the sun's.",
        "Neap tides come when the pull of the sun works against the pull of the moon.",
        "A French press steeps the coffee grounds for four minutes in hot water.",
        "For espresso, the coffee grounds must be fine and the water must be hot.",
        "A pour-over pours the water slowly over the coffee grounds.",
        "Cold brew leaves the coffee grounds in cold water for a whole night.",
    ];

    [Fact]
    public async Task NameAsync_GroupsByMeaning_AndNamesEachGroupWithANounPhraseItShares()
    {
        var scorer = new RelevanceScorer(SharedEmbedder.BuiltIn);
        var vectors = await scorer.EmbedAsync(Sentences, CancellationToken.None);
        var grammar = PhraseGrammar.Of(Sentences);

        var found = await new SectionClusters(new ExtractiveOptions()).NameAsync(
            Sentences, vectors, grammar, new HashSet<string>(StringComparer.Ordinal), [ReportComposer.FurtherFindings],
            texts => scorer.EmbedAsync(texts, CancellationToken.None));

        Assert.Equal(2, found.Count);
        var tides = Assert.Single(found, f => f.Members.Contains(0));
        var coffee = Assert.Single(found, f => f.Members.Contains(4));
        Assert.Equal(new[] { 0, 1, 2, 3 }, tides.Members.Order());
        Assert.Equal(new[] { 4, 5, 6, 7 }, coffee.Members.Order());
        foreach (var heading in found.Select(f => f.Heading))
        {
            var words = heading.ToLowerInvariant().Split(' ');
            Assert.True(char.IsUpper(heading[0]), heading);
            Assert.DoesNotContain("raises", words);
            Assert.DoesNotContain("steeps", words);
            Assert.DoesNotContain("pours", words);
            Assert.True(grammar.CanHead(words[^1]), $"'{heading}' does not end in a noun");
        }

        Assert.Contains(tides.Heading.ToLowerInvariant(), new[] { "moon", "pull", "tides", "spring tides", "sun" });
        Assert.Contains(coffee.Heading.ToLowerInvariant(), new[] { "coffee grounds", "water", "hot water", "cold water" });
    }

    [Fact]
    public void Cluster_KeepsApartWhatIsNotAlike()
    {
        float[] a = [1, 0, 0], b = [0.96f, 0.28f, 0], c = [0, 0, 1];

        var groups = SectionClusters.Cluster([a, b, c], 0.4);

        Assert.Equal(2, groups.Count);
        Assert.Contains(groups, g => g.SequenceEqual([0, 1]));
        Assert.Contains(groups, g => g.SequenceEqual([2]));
    }
}
