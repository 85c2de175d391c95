using System.Net;
using Fathom.Models.Extractive;
using Fathom.Server.DashScope;
using Fathom.Server.Tests.Support;

namespace Fathom.Server.Tests;

/// <summary>A question the corpus does not cover, asked through the DashScope endpoint with the built-in model.</summary>
public sealed class OffTopicTests
{
    private static readonly (string Url, string Title, string Text)[] BakingAndVolcanoes =
    [
        ("https://bake.example/sourdough", "Sourdough basics", "Sourdough bread rises because wild yeast and lactic acid bacteria ferment the dough. A starter is fed flour and water every day. Bakers fold the dough several times during the first rise to build gluten strength. A long cold proof in the refrigerator deepens the flavour of the crumb."),
        ("https://bake.example/crust", "Getting a good crust", "A hot Dutch oven traps steam so the loaf expands before the crust sets. Removing the lid after twenty minutes lets the crust brown and crackle. Scoring the top with a razor controls where the bread opens."),
        ("https://geo.example/volcanoes", "How volcanoes erupt", "Magma rises because it is less dense than the surrounding rock. Gas dissolved in the magma expands as pressure drops, which drives explosive eruptions. Basaltic lava is runny and forms gentle shield volcanoes, while sticky rhyolite builds steep cones."),
    ];

    [Fact]
    public async Task A_question_the_corpus_does_not_cover_finishes_normally_with_a_short_report_that_says_so()
    {
        var bodies = SeedCurl.Bodies();
        using var corpus = await LocalCorpus.CreateAsync(new ExtractiveResearchModel(), BakingAndVolcanoes);
        await using var server = await TestServer.StartAsync(corpus.Handle.Engine);

        // The seed page's research step: "the application of artificial intelligence in education".
        var (research, body) = await server.PostAsync(bodies[1]);

        Assert.Equal(HttpStatusCode.OK, research.StatusCode);
        var frames = StrictSse.Parse(body, research.Headers.GetValues("x-request-id").Single());
        StrictSse.AssertResearchMachine(frames);
        Assert.Equal(DashScopeStatus.Finished, frames[^1].Status);
        var report = string.Concat(frames.Where(f => f.Phase == DashScopePhase.Answer).Select(f => f.Content));
        Assert.True(report.Contains(NotCoveredReport.Verdict, StringComparison.Ordinal), report);
        Assert.True(report.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length <= 300, report);
        Assert.DoesNotContain("Further findings", report, StringComparison.Ordinal);
    }
}
