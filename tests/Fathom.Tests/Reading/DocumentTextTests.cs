using Fathom.Reading.Documents;

namespace Fathom.Tests.Reading;

public sealed class DocumentTextTests
{
    [Fact]
    public void Markdown_JoinsWrappedLinesAndDropsMarkup()
    {
        var text = MarkdownText.ToPlainText("""
            # Title

            **Clarify.** Before researching, Fathom may ask
            follow-up questions, see [the docs](https://x.example).

            - first item
              continues here
            - second `code` item

            ```sh
            rm -rf /
            ```

            | a | b |
            |---|---|
            | 1 | 2 |
            """);

        Assert.Equal("Title\n\nClarify. Before researching, Fathom may ask follow-up questions, see the docs.\n\nfirst item continues here\n\nsecond code item", text);
    }

    [Fact]
    public void PlainText_JoinsWrappedLinesButKeepsParagraphsAndLists()
    {
        var text = PlainText.Unwrap("One sentence that\nwraps here.\n\nNext paragraph:\n- item one\n- item two");

        Assert.Equal("One sentence that wraps here.\n\nNext paragraph:\n- item one\n- item two", text);
    }
}
