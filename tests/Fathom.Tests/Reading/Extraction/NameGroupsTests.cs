using AngleSharp.Html.Parser;
using Fathom.Reading.Extraction.Blocks;
using Fathom.Tests.Support;

namespace Fathom.Tests.Reading.Extraction;

/// <summary>
/// A name is matched against a group's pattern only where it holds one of the texts every match of the
/// pattern holds: the groups found must be those all the patterns find, on every name real pages use.
/// </summary>
public sealed class NameGroupsTests
{
    [Theory]
    [InlineData("main-links")]
    [InlineData("mainlinks")]
    [InlineData("you-may")]
    [InlineData("cross-sell")]
    [InlineData("x-ad")]
    [InlineData("ad")]
    [InlineData("advertisement_top")]
    [InlineData("sign-up")]
    [InlineData("page-numbers")]
    [InlineData("on-this-page")]
    [InlineData("post-0")]
    [InlineData("replies")]
    [InlineData("sr-only")]
    [InlineData("visually-hidden")]
    [InlineData("add-to-cart")]
    [InlineData("table-of-contents")]
    [InlineData("stars")]
    [InlineData("opt-in")]
    [InlineData("flex")]
    [InlineData("")]
    public void Match_FindsWhatEveryPatternFinds(string name)
    {
        Assert.Equal(Reference(name), NameGroups.Match(name));
    }

    [Fact]
    public void Match_FindsWhatEveryPatternFinds_OnEveryNameOfTheArticlePages()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var parser = new HtmlParser();
        foreach (var path in Directory.GetFiles(Path.Combine(RepoPaths.Shared, "data", "extraction", "html"), "*.html.gz"))
        {
            foreach (var e in parser.ParseDocument(GzippedPage.Read(path)).All)
            {
                foreach (var value in new[] { e.LocalName, e.GetAttribute("class"), e.Id, e.GetAttribute("role"), e.GetAttribute("itemprop") })
                {
                    foreach (var name in (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        names.Add(new string([.. name.Select(c => char.IsAsciiDigit(c) ? '0' : c)]).ToLowerInvariant());
                    }
                }
            }
        }

        Assert.True(names.Count > 1000, $"only {names.Count} names were read");
        Assert.All(names, name => Assert.Equal(Reference(name), NameGroups.Match(name)));
    }

    private static int Reference(string name)
    {
        var bits = 0;
        for (var i = 0; i < NameGroups.Patterns.Length; i++)
        {
            bits |= NameGroups.Patterns[i].IsMatch(name) ? 1 << i : 0;
        }

        return bits;
    }
}
