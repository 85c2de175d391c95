using Fathom.Models.Extractive;
using Fathom.Semantic;

namespace Fathom.Tests.Models.Extractive;

/// <summary>What a next sentence adds is its relevance times its novelty, and the selector passes over what adds too little.</summary>
public sealed class MarginalGainTests
{
    private static readonly float[][] Vectors =
    [
        Fathom.Semantic.Vectors.Normalized([1f, 0f, 0f]),
        Fathom.Semantic.Vectors.Normalized([0.99f, 0.1f, 0f]),
        Fathom.Semantic.Vectors.Normalized([0f, 1f, 0f]),
        Fathom.Semantic.Vectors.Normalized([0f, 0f, 1f]),
    ];

    [Fact]
    public void Of_IsRelevanceTimesOneLessTheNearestCosine()
    {
        var gain = new MarginalGain([0.8, 0.8, 0.6, 0.1], Vectors);

        Assert.Equal(0.8, gain.Of(0, []), 6);
        Assert.True(gain.Of(1, [0]) < 0.01);
        Assert.Equal(0.6, gain.Of(2, [0]), 6);
        Assert.Equal(0.1, gain.Of(3, [0, 2]), 6);
    }

    [Fact]
    public void Select_WithAGainFloor_EndsWhenNoSentenceLeftAddsEnough_ThoughBudgetIsLeft()
    {
        var candidates = new[] { "alpha beta", "alpha gamma", "delta epsilon", "zeta eta" }
            .Select((t, i) => new Candidate(1, i, t, t.Split(' ').ToHashSet(StringComparer.Ordinal), 1.0, 3))
            .ToList();
        var weights = candidates.SelectMany(c => c.Concepts).Distinct().ToDictionary(c => c, _ => 1.0, StringComparer.Ordinal);
        var gain = new MarginalGain([0.8, 0.8, 0.6, 0.1], Vectors);

        var all = new CoverageSelector(new ExtractiveOptions()).Select(candidates, weights, budget: 1000);
        var led = new CoverageSelector(new ExtractiveOptions()).Select(candidates, weights, budget: 1000, accepts: (i, chosen) => gain.Of(i, chosen) >= 0.2);

        Assert.Equal(4, all.Count);
        Assert.Equal(new[] { 0, 2 }, led.Order());
    }
}
