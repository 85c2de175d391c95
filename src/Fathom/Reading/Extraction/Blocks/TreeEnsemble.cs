using System.Globalization;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// A boosted ensemble of regression trees (as ML.NET's FastTree trains them), evaluated without ML.NET:
/// the score is the sum of each tree's weighted leaf. The text form is written by the training
/// command (<c>tools/Fathom.Training</c>) and read here.
/// </summary>
internal sealed class TreeEnsemble
{
    private readonly Tree[] trees;

    private TreeEnsemble(string label, Tree[] trees, float threshold)
    {
        Label = label;
        this.trees = trees;
        Threshold = threshold;
    }

    /// <summary>What the ensemble scores (a page type, or "block").</summary>
    public string Label { get; }

    /// <summary>The score above which the answer is yes, chosen by cross-validation.</summary>
    public float Threshold { get; }

    /// <summary>The raw score of <paramref name="features"/>.</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        var sum = 0f;
        foreach (var tree in trees)
        {
            sum += tree.Evaluate(features);
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

    /// <summary>One tree: internal nodes split on feature &lt;= threshold (left) or above (right); a negative child ~i is leaf i.</summary>
    private sealed class Tree(int[] feature, float[] threshold, int[] left, int[] right, float[] leaves, float weight)
    {
        public float Evaluate(ReadOnlySpan<float> x)
        {
            if (feature.Length == 0)
            {
                return weight * leaves[0];
            }

            var node = 0;
            while (node >= 0)
            {
                node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
            }

            return weight * leaves[~node];
        }
    }
}
