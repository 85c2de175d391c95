namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// The trained models the page extractor uses, read once from the assembly's embedded resources:
/// the block classifier and one page-type scorer per type. Training: <c>docs/page-extraction.md</c>.
/// </summary>
internal sealed class ExtractionModels
{
    private static readonly Lazy<ExtractionModels> Embedded = new(Load);

    private ExtractionModels(TreeEnsemble blocks, IReadOnlyList<TreeEnsemble> pageTypes)
    {
        Blocks = blocks;
        PageTypes = pageTypes;
    }

    /// <summary>The models built into the engine.</summary>
    public static ExtractionModels Default => Embedded.Value;

    /// <summary>Scores whether a block is main content.</summary>
    public TreeEnsemble Blocks { get; }

    /// <summary>One-against-the-rest scorers, one per page type; the highest wins.</summary>
    public IReadOnlyList<TreeEnsemble> PageTypes { get; }

    /// <summary>Models read from the text form (what the training command writes).</summary>
    public static ExtractionModels From(TextReader blocks, TextReader pageTypes) =>
        new(TreeEnsemble.ReadAll(blocks).Single(), TreeEnsemble.ReadAll(pageTypes));

    private static ExtractionModels Load()
    {
        using var blocks = Open("blocks.model");
        using var types = Open("page-types.model");
        return From(blocks, types);
    }

    private static StreamReader Open(string name)
    {
        var assembly = typeof(ExtractionModels).Assembly;
        var stream = assembly.GetManifestResourceStream("Fathom.Reading.Extraction.Models." + name)
            ?? throw new InvalidOperationException($"The extraction model '{name}' is not embedded in {assembly.GetName().Name}; rebuild the engine.");
        return new StreamReader(stream);
    }
}
