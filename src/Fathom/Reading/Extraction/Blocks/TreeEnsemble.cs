using System.Globalization;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// A boosted ensemble of regression trees (as ML.NET's FastTree trains them), evaluated without ML.NET:
/// the score is the sum of each tree's weighted leaf. The text form is written by the training
/// command (<c>tools/Fathom.Training</c>) and read here.
/// </summary>
internal sealed class TreeEnsemble
{
    // Every tree's nodes in one array (and every leaf in another), so a block's walk through a hundred
    // trees stays in a few cache lines instead of chasing five arrays per tree.
    private readonly Node[] nodes;
    private readonly float[] leaves;
    private readonly int[] roots;
    private readonly int[] leafStarts;

    private TreeEnsemble(string label, Tree[] trees, float threshold)
    {
        Label = label;
        Threshold = threshold;
        roots = new int[trees.Length];
        leafStarts = new int[trees.Length];
        var nodeList = new List<Node>();
        var leafList = new List<float>();
        for (var t = 0; t < trees.Length; t++)
        {
            var tree = trees[t];
            roots[t] = tree.Feature.Length == 0 ? -1 : nodeList.Count;
            leafStarts[t] = leafList.Count;
            var start = nodeList.Count;
            for (var n = 0; n < tree.Feature.Length; n++)
            {
                // Children: an internal node by its place in the one array, a leaf (~i) as before.
                var left = tree.Left[n] >= 0 ? start + tree.Left[n] : tree.Left[n];
                var right = tree.Right[n] >= 0 ? start + tree.Right[n] : tree.Right[n];
                nodeList.Add(new Node(tree.Feature[n], tree.Threshold[n], left, right));
            }

            foreach (var leaf in tree.Leaves)
            {
                leafList.Add(tree.Weight * leaf);
            }
        }

        nodes = [.. nodeList];
        leaves = [.. leafList];
    }

    /// <summary>What the ensemble scores (a page type, or "block").</summary>
    public string Label { get; }

    /// <summary>The score above which the answer is yes, chosen by cross-validation.</summary>
    public float Threshold { get; }

    /// <summary>The raw score of <paramref name="features"/>.</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        var sum = 0f;
        for (var t = 0; t < roots.Length; t++)
        {
            var node = roots[t];
            if (node < 0)
            {
                sum += leaves[leafStarts[t]];
                continue;
            }

            while (node >= 0)
            {
                ref readonly var n = ref nodes[node];
                node = features[n.Feature] <= n.Threshold ? n.Left : n.Right;
            }

            sum += leaves[leafStarts[t] + ~node];
        }

        return sum;
    }

    /// <summary>Writes ensembles in the text form <see cref="ReadAll"/> reads.</summary>
    public static void WriteAll(TextWriter writer, IEnumerable<(string Label, float Threshold, IReadOnlyList<(int[] Feature, float[] Threshold, int[] Left, int[] Right, float[] Leaves, float Weight)> Trees)> ensembles)
    {
        foreach (var (label, threshold, list) in ensembles)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ensemble {label} {list.Count} {threshold:R}"));
            foreach (var t in list)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tree {t.Feature.Length} {t.Weight:R}"));
                writer.WriteLine(string.Join(' ', t.Feature.Select(v => v.ToString(CultureInfo.InvariantCulture))));
                writer.WriteLine(string.Join(' ', t.Threshold.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
                writer.WriteLine(string.Join(' ', t.Left.Select(v => v.ToString(CultureInfo.InvariantCulture))));
                writer.WriteLine(string.Join(' ', t.Right.Select(v => v.ToString(CultureInfo.InvariantCulture))));
                writer.WriteLine(string.Join(' ', t.Leaves.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            }
        }
    }

    /// <summary>Reads every ensemble of the text form.</summary>
    public static List<TreeEnsemble> ReadAll(TextReader reader)
    {
        var result = new List<TreeEnsemble>();
        while (reader.ReadLine() is { } header)
        {
            if (header.Length == 0)
            {
                continue;
            }

            var parts = header.Split(' ');
            if (parts is not ["ensemble", var label, var count, var threshold])
            {
                throw new InvalidDataException($"Expected an 'ensemble' line in the tree model, found '{header}'.");
            }

            var trees = new Tree[int.Parse(count, CultureInfo.InvariantCulture)];
            for (var i = 0; i < trees.Length; i++)
            {
                var treeHeader = Line(reader).Split(' ');
                var weight = float.Parse(treeHeader[2], CultureInfo.InvariantCulture);
                trees[i] = new Tree(Ints(Line(reader)), Floats(Line(reader)), Ints(Line(reader)), Ints(Line(reader)), Floats(Line(reader)), weight);
            }

            result.Add(new TreeEnsemble(label, trees, float.Parse(threshold, CultureInfo.InvariantCulture)));
        }

        return result;
    }

    private static string Line(TextReader reader) => reader.ReadLine() ?? throw new InvalidDataException("The tree model ends in the middle of a tree.");

    private static int[] Ints(string line) => line.Length == 0 ? [] : line.Split(' ').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static float[] Floats(string line) => line.Length == 0 ? [] : line.Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>One tree as written: internal nodes split on feature &lt;= threshold (left) or above (right); a negative child ~i is leaf i.</summary>
    private sealed record Tree(int[] Feature, float[] Threshold, int[] Left, int[] Right, float[] Leaves, float Weight);

    private readonly record struct Node(int Feature, float Threshold, int Left, int Right);
}
