using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// The language a code block is written in, as the page's highlighter marks it, for the Markdown
/// fence ("```python"): a reader's renderer colours it and a model reading the Markdown knows it.
/// </summary>
internal static partial class CodeLanguage
{
    // Marks a highlighter writes but that name no language.
    private static readonly HashSet<string> Unnamed = new(StringComparer.Ordinal) { "auto", "default", "none", "nohighlight", "plain", "plaintext" };

    /// <summary>The language of <paramref name="pre"/>, lower-cased, or null where the page marks none.</summary>
    public static string? Of(IElement pre)
    {
        // On the block, on the code element inside it, or on the one or two containers a highlighter
        // wraps it in (Sphinx: div.highlight-python3 > div.highlight > pre); no further, where a
        // page's language switcher ("lang-fr") would be read for the code's.
        var own = Marked(pre) ?? (pre.FirstElementChild is { LocalName: "code" } code ? Marked(code) : null);
        if (own is not null)
        {
            return own;
        }

        var parent = pre.ParentElement;
        return parent is null ? null : Marked(parent) ?? (parent.ParentElement is { } grandparent ? Marked(grandparent) : null);
    }

    private static string? Marked(IElement e)
    {
        if (e.ReadAttribute("class") is not { Length: > 5 } names)
        {
            return null;
        }

        foreach (Match m in Convention().Matches(names))
        {
            var language = m.Groups[1].Value.ToLowerInvariant();
            if (!Unnamed.Contains(language))
            {
                return language;
            }
        }

        return null;
    }

    // The conventions highlighters follow: the HTML standard's "language-" (Prism, highlight.js,
    // Markdown converters), "lang-" (prettify), Sphinx's "highlight-" and GitHub's
    // "highlight-source-", SyntaxHighlighter's "brush: js".
    [GeneratedRegex(@"(?:^|\s)(?:language-|lang-|highlight-source-|highlight-|brush:\s*)([A-Za-z][\w+#.-]{0,24})(?=[\s;]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Convention();
}
