using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// Where a page's blocks sit, as plain numbers: each block's words, the containers one, two and three
/// levels above it (numbered per page) and its structure (tag and first class of it, its parent and
/// grandparent, numbered per page). What <see cref="ContextFeatures"/> groups first-stage scores by;
/// the training command keeps it instead of the parsed page.
/// </summary>
internal sealed class BlockLayout
{
    /// <summary>Container levels above a block that are grouped.</summary>
    public const int Levels = 3;

    private BlockLayout(int[] words, int[][] containers, int[] signatures)
    {
        Words = words;
        Containers = containers;
        Signatures = signatures;
    }

    /// <summary>Words of each block.</summary>
    public int[] Words { get; }

    /// <summary>For each level (0: parent), each block's container there, numbered per page.</summary>
    public int[][] Containers { get; }

    /// <summary>Each block's structure, numbered per page.</summary>
    public int[] Signatures { get; }

    /// <summary>The number of blocks.</summary>
    public int Count => Words.Length;

    /// <summary>The layout of <paramref name="blocks"/>.</summary>
    public static BlockLayout Of(IReadOnlyList<ContentBlock> blocks)
    {
        var words = new int[blocks.Count];
        var containers = new int[Levels][];
        for (var level = 0; level < Levels; level++)
        {
            containers[level] = new int[blocks.Count];
        }

        var signatures = new int[blocks.Count];
        var elementIds = new Dictionary<IElement, int>();
        var signatureIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < blocks.Count; i++)
        {
            words[i] = blocks[i].Words;
            var e = blocks[i].Element;
            for (var level = 0; level < Levels; level++)
            {
                // At the top of the page the container stays the topmost element.
                e = e.ParentElement ?? e;
                if (!elementIds.TryGetValue(e, out var id))
                {
                    elementIds[e] = id = elementIds.Count;
                }

                containers[level][i] = id;
            }

            var signature = BlockFeatures.Signature(blocks[i].Element);
            if (!signatureIds.TryGetValue(signature, out var sig))
            {
                signatureIds[signature] = sig = signatureIds.Count;
            }

            signatures[i] = sig;
        }

        return new BlockLayout(words, containers, signatures);
    }
}
