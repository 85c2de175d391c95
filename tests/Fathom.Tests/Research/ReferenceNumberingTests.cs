using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Tests.Research;

public sealed class ReferenceNumberingTests
{
    [Fact]
    public void References_are_numbered_one_to_n_in_order_of_first_citation()
    {
        var markdown = "# Q\n\n## A\n\nFirst claim [[9]]. Second claim [[4,13]].\n\nThird claim [[9]]. Fourth [[2]].\n\n## References\n\n[2] [Two](https://x/2)\n[4] [Four](https://x/4)\n[9] [Nine](https://x/9)\n[13] [Thirteen](https://x/13)\n";
        var references = new[] { 2, 4, 9, 13 }.Select(n => new Reference(n, $"https://x/{n}", $"T{n}", "", ["q"])).ToList();

        var numbered = ReferenceNumbering.Apply(new VerifiedReport(markdown, references, new VerificationSummary(4, 0, 0, 0)));

        Assert.Contains("First claim [[1]]. Second claim [[2,3]].", numbered.Markdown, StringComparison.Ordinal);
        Assert.Contains("Third claim [[1]]. Fourth [[4]].", numbered.Markdown, StringComparison.Ordinal);
        Assert.Contains("[1] [Nine](https://x/9)\n[2] [Four](https://x/4)\n[3] [Thirteen](https://x/13)\n[4] [Two](https://x/2)", numbered.Markdown, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3, 4], numbered.References.Select(r => r.Index));
        Assert.Equal(["https://x/9", "https://x/4", "https://x/13", "https://x/2"], numbered.References.Select(r => r.Url));
    }

    [Fact]
    public void A_report_already_numbered_in_order_is_left_as_it_is()
    {
        var report = new VerifiedReport("A [[1]]. B [[2]].\n\n## References\n\n[1] [A](https://a)\n[2] [B](https://b)\n", [new Reference(1, "https://a", "A", "", []), new Reference(2, "https://b", "B", "", [])], new VerificationSummary(2, 0, 0, 0));
        Assert.Same(report, ReferenceNumbering.Apply(report));
    }
}
