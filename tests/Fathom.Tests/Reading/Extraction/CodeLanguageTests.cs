using Fathom.Reading.Extraction;

namespace Fathom.Tests.Reading.Extraction;

public sealed class CodeLanguageTests
{
    private const string Prose =
        "The client retries a failed request three times, waiting twice as long before each attempt, and gives up " +
        "with the last error once the budget is spent; every attempt is logged with its delay and its status.";

    [Fact]
    public void CodeBlocks_AreFencedWithTheLanguageTheirHighlighterMarks()
    {
        var html = $$"""
            <!DOCTYPE html><html lang="en"><head><title>Retries</title></head><body>
            <nav class="lang-switcher"><div class="lang-fr"><a href="/fr/">Français</a></div></nav>
            <main class="lang-en"><article><h1>Retries</h1>
            <p>1. {{Prose}}</p>
            <pre><code class="language-python">client = Client(retries=3)</code></pre>
            <p>2. {{Prose}}</p>
            <div class="highlight-console notranslate"><div class="highlight"><pre>$ pip install client</pre></div></div>
            <p>3. {{Prose}}</p>
            <pre class="brush: js; gutter: false">const client = new Client({ retries: 3 });</pre>
            <p>4. {{Prose}}</p>
            <div class="highlight-default notranslate"><div class="highlight"><pre>retries = 3</pre></div></div>
            <p>5. {{Prose}}</p>
            <div><div><pre>RETRIES=3</pre></div></div>
            <p>6. {{Prose}}</p>
            </article></main></body></html>
            """;

        var markdown = new ArticleExtractor().Extract(html, "https://docs.example/retries").Markdown;

        Assert.Contains("```python\nclient = Client(retries=3)\n```", markdown, StringComparison.Ordinal);
        Assert.Contains("```console\n$ pip install client\n```", markdown, StringComparison.Ordinal);
        Assert.Contains("```js\nconst client = new Client({ retries: 3 });\n```", markdown, StringComparison.Ordinal);

        // Sphinx's default lexer names no language, and a page's language switcher is not the code's.
        Assert.Contains("```\nretries = 3\n```", markdown, StringComparison.Ordinal);
        Assert.Contains("```\nRETRIES=3\n```", markdown, StringComparison.Ordinal);
    }
}
