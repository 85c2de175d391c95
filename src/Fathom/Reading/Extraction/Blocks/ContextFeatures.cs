namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// The features of the second, context-aware block classifier (stacking): each block's first-stage
/// features followed by what the first-stage scores say around it. A block's first-stage score is
/// local, but main content is contiguous and repeated structures share one fate, so the second stage
/// reads the scores of the blocks before and after it, of the blocks in the same parent, grandparent
/// and great-grandparent containers, of the blocks with the same structure (the items of a listing),
/// the page's score distribution and the block's rank in it, and how the page-type scorers rate the page.
/// The training command computes exactly these from out-of-fold first-stage scores.
/// </summary>
internal static class ContextFeatures
{
    /// <summary>Page types in the order their scores are appended (the training command's order).</summary>
    public static readonly string[] TypeOrder = ["article", "collection", "documentation", "forum", "listing", "product", "service"];

    private const int Window = 3;

    private static readonly string[] OwnNames =
    [
        "s", "s_prev1", "s_next1", "s_prev_mean", "s_prev_max", "s_next_mean", "s_next_max", "s_window_mean",
        "gap_prev", "gap_next",
        "c1_mean", "c1_max", "c1_share", "c2_mean", "c2_max", "c2_share", "c3_mean", "c3_max", "c3_share",
        "sig_mean", "sig_max", "sig_share",
        "page_mean", "page_max", "page_q25", "page_q50", "page_q75", "page_q90", "page_share", "rank", "s_minus_max", "s_minus_q50",
    ];

    /// <summary>Names of the context features alone, in vector order (after the first-stage features).</summary>
    public static readonly string[] ContextNames = [.. OwnNames, .. TypeOrder.Select(t => "type_" + t)];

    /// <summary>Names of all second-stage features: the first-stage ones, then the context ones.</summary>
    public static readonly string[] Names = [.. BlockFeatures.Names, .. ContextNames];

    /// <summary>
    /// The second-stage vectors of a page's blocks (laid out as <paramref name="layout"/>) from their first-stage <paramref name="features"/> and
    /// <paramref name="scores"/>, the first stage's <paramref name="threshold"/>, and the page-type scores
    /// (<paramref name="typeScores"/>, in <see cref="TypeOrder"/>).
    /// </summary>
    public static float[][] Compute(BlockLayout layout, float[][] features, IReadOnlyList<float> scores, float threshold, IReadOnlyList<float> typeScores)
    {
        var n = layout.Count;
        var vectors = new float[n][];
        if (n == 0)
        {
            return vectors;
        }

        // Word weights (one more than the words, so that a block of none still counts): F1 is counted in words.
        var weight = new float[n];
        float pageWeight = 0, pageScore = 0, pageAbove = 0, pageMax = float.NegativeInfinity;
        var containers = new Dictionary<(int Level, int Id), Group>();
        var signatures = new Dictionary<int, Group>();
        for (var i = 0; i < n; i++)
        {
            var w = weight[i] = layout.Words[i] + 1;
            var s = scores[i];
            var above = s > threshold ? w : 0;
            pageWeight += w;
            pageScore += w * s;
            pageAbove += above;
            pageMax = Math.Max(pageMax, s);
            for (var level = 0; level < BlockLayout.Levels; level++)
            {
                var key = (level, layout.Containers[level][i]);
                containers[key] = containers.GetValueOrDefault(key).Add(w, s, above);
            }

            signatures[layout.Signatures[i]] = signatures.GetValueOrDefault(layout.Signatures[i]).Add(w, s, above);
        }

        var sorted = scores.ToArray();
        Array.Sort(sorted);
        var q25 = Quantile(sorted, 0.25f);
        var q50 = Quantile(sorted, 0.5f);
        var q75 = Quantile(sorted, 0.75f);
        var q90 = Quantile(sorted, 0.9f);

        // Distance in blocks to the nearest block above the threshold before and after each block.
        var gapPrev = new int[n];
        var gapNext = new int[n];
        for (int i = 0, last = -1; i < n; i++)
        {
            gapPrev[i] = last < 0 ? n : i - last;
            last = scores[i] > threshold ? i : last;
        }

        for (int i = n - 1, last = -1; i >= 0; i--)
        {
            gapNext[i] = last < 0 ? n : last - i;
            last = scores[i] > threshold ? i : last;
        }

        var width = features.Length > 0 ? features[0].Length : BlockFeatures.Names.Length;
        for (var i = 0; i < n; i++)
        {
            var s = scores[i];
            var f = new float[width + ContextNames.Length];
            Array.Copy(features[i], f, width);
            var k = width;
            f[k++] = s;
            f[k++] = i > 0 ? scores[i - 1] : s;
            f[k++] = i + 1 < n ? scores[i + 1] : s;
            (f[k++], f[k++]) = Span(scores, i - Window, i - 1, s);
            (f[k++], f[k++]) = Span(scores, i + 1, i + Window, s);
            f[k++] = WeightedMean(scores, weight, i - Window, i + Window);
            f[k++] = MathF.Log(1 + gapPrev[i]);
            f[k++] = MathF.Log(1 + gapNext[i]);
            for (var level = 0; level < BlockLayout.Levels; level++)
            {
                k = containers[(level, layout.Containers[level][i])].Write(f, k);
            }

            k = signatures[layout.Signatures[i]].Write(f, k);
            f[k++] = pageScore / pageWeight;
            f[k++] = pageMax;
            f[k++] = q25;
            f[k++] = q50;
            f[k++] = q75;
            f[k++] = q90;
            f[k++] = pageAbove / pageWeight;
            f[k++] = n > 1 ? (float)LowerCount(sorted, s) / (n - 1) : 1;
            f[k++] = s - pageMax;
            f[k++] = s - q50;
            for (var t = 0; t < TypeOrder.Length; t++)
            {
                f[k++] = t < typeScores.Count ? typeScores[t] : 0;
            }

            vectors[i] = f;
        }

        return vectors;
    }

    /// <summary>Mean and maximum of the scores from <paramref name="from"/> to <paramref name="to"/> (clipped to the page); <paramref name="none"/> for both where the span is empty.</summary>
    private static (float Mean, float Max) Span(IReadOnlyList<float> scores, int from, int to, float none)
    {
        from = Math.Max(0, from);
        to = Math.Min(scores.Count - 1, to);
        if (from > to)
        {
            return (none, none);
        }

        float sum = 0, max = float.NegativeInfinity;
        for (var j = from; j <= to; j++)
        {
            sum += scores[j];
            max = Math.Max(max, scores[j]);
        }

        return (sum / (to - from + 1), max);
    }

    private static float WeightedMean(IReadOnlyList<float> scores, float[] weight, int from, int to)
    {
        from = Math.Max(0, from);
        to = Math.Min(scores.Count - 1, to);
        float sum = 0, total = 0;
        for (var j = from; j <= to; j++)
        {
            sum += weight[j] * scores[j];
            total += weight[j];
        }

        return sum / total;
    }

    private static float Quantile(float[] sorted, float q) => sorted[(int)MathF.Round(q * (sorted.Length - 1))];

    /// <summary>How many of the sorted scores lie below <paramref name="s"/>.</summary>
    private static int LowerCount(float[] sorted, float s)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < s)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The word-weighted score sum, the highest score and the words above the threshold of a group of blocks.</summary>
    private readonly record struct Group(float Weight, float Score, float Max, float Above)
    {
        public Group Add(float weight, float score, float above) =>
            Weight == 0 ? new Group(weight, weight * score, score, above) : new Group(Weight + weight, Score + (weight * score), Math.Max(Max, score), Above + above);

        public int Write(float[] f, int k)
        {
            f[k++] = Score / Weight;
            f[k++] = Max;
            f[k++] = Above / Weight;
            return k;
        }
    }
}
