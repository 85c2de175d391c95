using Fathom.Reading;

namespace Fathom.Cli;

/// <summary>The article extractor the command line uses for HTML documents.</summary>
public static class ArticleExtraction
{
    /// <summary>The extractor: main content without the page's boilerplate.</summary>
    public static IArticleExtractor? Extractor { get; } = new Fathom.Reading.Extraction.ArticleExtractor();
}
