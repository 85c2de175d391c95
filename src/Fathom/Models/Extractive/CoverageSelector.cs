namespace Fathom.Models.Extractive;

/// <summary>
/// Budgeted maximum coverage: picks sentences so that the concepts they state, weighted by how
/// many sources state them, are covered as fully as the word budget allows. Each pick maximises
/// the weight of the concepts it adds (times its prior) over its cost raised to
/// <see cref="ExtractiveOptions.LengthExponent"/>. A concept counts once, so redundancy costs a
/// sentence its value by itself, without a separate similarity penalty. Coverage is submodular,
/// which makes the lazy evaluation exact and the greedy choice a constant-factor approximation.
/// </summary>
public sealed class CoverageSelector(ExtractiveOptions options)
{
    /// <summary>
    /// Chooses from <paramref name="candidates"/> (in a fixed order, which breaks ties) within
    /// <paramref name="budget"/> words and at most <paramref name="maxCount"/> sentences; returns
    /// the chosen indices in the order they were picked. With <paramref name="stopShare"/> above 0 it
    /// stops early, when the best remaining sentence would add less than that share of what the first
    /// pick added: the report then ends where the evidence thins out, not where the budget does. A
    /// sentence that <paramref name="accepts"/> (given it and the picks so far) turns down is passed
    /// over, and the next best is tried.
    /// </summary>
    public List<int> Select(IReadOnlyList<Candidate> candidates, IReadOnlyDictionary<string, double> weights, int budget, int maxCount = int.MaxValue, double stopShare = 0, Func<int, IReadOnlyList<int>, bool>? accepts = null)
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var chosen = new List<int>();
        var queue = new PriorityQueue<int, (double Value, int Index)>(Comparer<(double Value, int Index)>.Create(
            (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Index.CompareTo(b.Index)));
        for (var i = 0; i < candidates.Count; i++)
        {
            queue.Enqueue(i, (Value(i), i));
        }

        var used = 0;
        var first = 0.0;
        while (chosen.Count < maxCount && queue.TryDequeue(out var index, out _))
        {
            var value = Value(index);
            if (value <= 0)
            {
                continue;
            }

            if (first > 0 && value < stopShare * first && (!queue.TryPeek(out _, out var head) || head.Value <= value))
            {
                break;
            }

            // Values only fall as concepts get covered, so a stale value above the rest must be rechecked.
            if (queue.TryPeek(out _, out var next) && (value < next.Value || (value == next.Value && next.Index < index)))
            {
                queue.Enqueue(index, (value, index));
                continue;
            }

            var candidate = candidates[index];
            if (used + candidate.Cost > budget || (accepts is not null && !accepts(index, chosen)))
            {
                continue;
            }

            used += candidate.Cost;
            first = first > 0 ? first : value;
            covered.UnionWith(candidate.Concepts);
            chosen.Add(index);
        }

        return chosen;

        double Value(int i)
        {
            var c = candidates[i];
            var gain = 0.0;
            foreach (var concept in c.Concepts)
            {
                if (!covered.Contains(concept))
                {
                    gain += weights.GetValueOrDefault(concept);
                }
            }

            return gain * c.Prior / Math.Pow(c.Cost, options.LengthExponent);
        }
    }
}
