using System.Text.Json;
using Fathom.Reading.Extraction.Blocks;
using Fathom.Tests.Support;

namespace Fathom.Tests.Reading.Extraction;

/// <summary>
/// The shipped models were learnt from the engine's present reading of the pages: a change to how a
/// page of the training command's sample (every twentieth) is segmented or what its blocks' features
/// say fails here until the models are trained again with the documented command, so the shipped files
/// stay what that command writes.
/// </summary>
public sealed class ShippedModelsTests
{
    private static readonly string Pages = Path.Combine(RepoPaths.Shared, "data", "pages");

    [Fact]
    public void ShippedModels_WereTrainedOnTheEnginesPresentReadingOfThePages()
    {
        var shipped = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Fathom", "Reading", "Extraction", "Models", FeatureDigest.FileName)).Trim();

        var now = FeatureDigest.Of(Sample().Select(p => PageAnalysis.Of(p.Html, p.Url)));

        Assert.True(
            shipped == now,
            $"The engine now reads the sample of ../shared/data/pages otherwise than the shipped models learnt it ({FeatureDigest.FileName} holds {shipped}, the engine gives {now}). "
            + "A change altered a page's blocks or their features: train the models again with the command in docs/page-extraction.md (it writes the models and this digest) and give the new figures in bench/README.md.");
    }

    [Fact]
    public void Digest_FollowsEveryFeatureAndText()
    {
        const string Html = "<html><head><title>Tides</title></head><body><h1>Tides</h1><p>The moon pulls the sea, twice a day, and the shore follows.</p><ul><li><a href='/a'>Home</a></li></ul></body></html>";
        var page = PageAnalysis.Of(Html, "https://example.org/tides");
        var same = PageAnalysis.Of(Html, "https://example.org/tides");
        var digest = FeatureDigest.Of([page]);

        Assert.Equal(digest, FeatureDigest.Of([same]));
        Assert.NotEqual(digest, FeatureDigest.Of([PageAnalysis.Of(Html.Replace("twice", "once", StringComparison.Ordinal), "https://example.org/tides")]));
        same.Features[^1][0] += 1;
        Assert.NotEqual(digest, FeatureDigest.Of([same]));
        Assert.NotEqual(digest, FeatureDigest.Of([page, page]));
    }

    /// <summary>Every <see cref="FeatureDigest.Every"/>-th page in id order, as the training command samples them.</summary>
    private static IEnumerable<(string Html, string? Url)> Sample()
    {
        var files = Directory.GetFiles(Path.Combine(Pages, "ground-truth"), "*.json").Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < files.Count; i += FeatureDigest.Every)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(files[i]));
            var url = json.RootElement.TryGetProperty("url", out var u) ? u.GetString() : null;
            yield return (GzippedPage.Read(Path.Combine(Pages, "html", Path.GetFileNameWithoutExtension(files[i]) + ".html.gz")), url);
        }
    }
}
