using Fathom.Reading;

namespace Fathom.Cli;

/// <summary>The article extractor the command line uses for HTML documents.</summary>
public static class ArticleExtraction
{
    /// <summary>The extractor; null falls back to the page's whole text.</summary>
    public static IArticleExtractor? Extractor => null;
}
