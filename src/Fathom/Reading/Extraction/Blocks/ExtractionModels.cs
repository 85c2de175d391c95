namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// The trained models the page extractor uses, read once from the assembly's embedded resources:
/// the block classifier, the second-stage (context) block classifier where one is shipped, one
/// page-type scorer per type, the article-bounds scorer where one is shipped, and the table of what
/// the words of class and id names say (<see cref="NameEvidence"/>). Training: <c>docs/page-extraction.md</c>.
/// </summary>
internal sealed class ExtractionModels
{
    private static readonly Lazy<ExtractionModels> Embedded = new(Load);

    private ExtractionModels(TreeEnsemble blocks, TreeEnsemble? context, IReadOnlyList<TreeEnsemble> pageTypes, TreeEnsemble? bounds, NameEvidence names)
    {
        Names = names;
        Blocks = blocks;
        Context = context;
        PageTypes = pageTypes;
        Bounds = bounds;
    }

    /// <summary>The models built into the engine.</summary>
    public static ExtractionModels Default => Embedded.Value;

    /// <summary>Scores whether a block is main content.</summary>
    public TreeEnsemble Blocks { get; }

    /// <summary>
    /// Scores whether a block is main content from its first-stage features and what the first-stage
    /// scores say around it (<see cref="ContextFeatures"/>); its threshold decides. Null: the first stage decides.
    /// </summary>
    public TreeEnsemble? Context { get; }

    /// <summary>One-against-the-rest scorers, one per page type; the highest wins.</summary>
    public IReadOnlyList<TreeEnsemble> PageTypes { get; }

    /// <summary>
    /// Scores, from <see cref="ArticleBounds"/>' features, whether the classifier alone should decide
    /// what is kept of a page taken for an article (above its threshold) rather than within the rule
    /// pass's region. Null: the rule pass always bounds an article.
    /// </summary>
    public TreeEnsemble? Bounds { get; }

    /// <summary>
    /// What the words of the names above a block say of it (<see cref="NameEvidence"/>), read into the
    /// block features. <see cref="NameEvidence.None"/> where none is shipped.
    /// </summary>
    public NameEvidence Names { get; }

    /// <summary>Models read from the text form (what the training command writes).</summary>
    public static ExtractionModels From(TextReader blocks, TextReader? context, TextReader pageTypes, TextReader? bounds = null, TextReader? names = null) =>
        new(
            TreeEnsemble.ReadAll(blocks).Single(),
            context is null ? null : TreeEnsemble.ReadAll(context).Single(),
            TreeEnsemble.ReadAll(pageTypes),
            bounds is null ? null : TreeEnsemble.ReadAll(bounds).Single(),
            names is null ? NameEvidence.None : NameEvidence.Read(names));

    private static ExtractionModels Load()
    {
        using var blocks = Open("blocks.model", required: true)!;
        using var context = Open("blocks-context.model", required: false);
        using var types = Open("page-types.model", required: true)!;
        using var bounds = Open("article-bounds.model", required: false);
        using var names = Open("name-evidence.model", required: false);
        return From(blocks, context, types, bounds, names);
    }

    private static StreamReader? Open(string name, bool required)
    {
        var assembly = typeof(ExtractionModels).Assembly;
        var stream = assembly.GetManifestResourceStream("Fathom.Reading.Extraction.Models." + name);
        return stream is not null ? new StreamReader(stream)
            : required ? throw new InvalidOperationException($"The extraction model '{name}' is not embedded in {assembly.GetName().Name}; rebuild the engine.")
            : null;
    }
}
