using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Fathom.Semantic;

/// <summary>
/// Remembers the embedding of each text it was asked for, so the parts of a run that read the same
/// sentences by meaning (the fallback judge weighing the writer's report, then the verifier checking
/// it) embed them once: a run's findings are a thousand quotes, and embedding them is the longest
/// step of writing on a small CPU. Bounded: past <paramref name="capacity"/> texts it starts afresh.
/// Calls with options (dimensions, a model id) pass straight through.
/// </summary>
public sealed class MemoizingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, int capacity = 50_000)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(innerGenerator)
{
    private readonly ConcurrentDictionary<string, Embedding<float>> _known = new(StringComparer.Ordinal);

    /// <summary>How many texts are remembered now.</summary>
    public int Count => _known.Count;

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options is not null)
        {
            return await base.GenerateAsync(values, options, cancellationToken);
        }

        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var found = new Dictionary<string, Embedding<float>>(StringComparer.Ordinal);
        var missing = new List<string>();
        var asked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (!asked.Add(text))
            {
                continue;
            }

            if (_known.TryGetValue(text, out var known))
            {
                found[text] = known;
            }
            else
            {
                missing.Add(text);
            }
        }

        if (missing.Count > 0)
        {
            var made = await base.GenerateAsync(missing, null, cancellationToken);
            if (_known.Count + missing.Count > capacity)
            {
                _known.Clear();
            }

            for (var i = 0; i < missing.Count; i++)
            {
                found[missing[i]] = made[i];
                _known[missing[i]] = made[i];
            }
        }

        return new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => found[t]).ToList());
    }
}
