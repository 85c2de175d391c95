namespace Fathom.Models.Gguf;

/// <summary>The small instruction-tuned GGUF models Fathom knows how to fetch.</summary>
public static class GgufCatalog
{
    /// <summary>Every listed model. Their files are served by Hugging Face, whose <c>X-Linked-Etag</c> header carries each file's SHA-256.</summary>
    public static IReadOnlyList<CatalogModel> Models { get; } =
    [
        new(
            "qwen2.5-0.5b-instruct",
            new Uri("https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf"),
            "qwen2.5-0.5b-instruct-q4_k_m.gguf",
            null,
            "Qwen2.5 0.5B Instruct, 4-bit (about 0.5 GB): the smallest that follows the JSON instructions"),
        new(
            "qwen2.5-1.5b-instruct",
            new Uri("https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf"),
            "qwen2.5-1.5b-instruct-q4_k_m.gguf",
            null,
            "Qwen2.5 1.5B Instruct, 4-bit (about 1.1 GB): better reading and writing on a CPU"),
    ];

    /// <summary>The listed model called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No model has that name; the message lists the names.</exception>
    public static CatalogModel Find(string name) =>
        Models.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No listed model is called '{name}'. Listed: {string.Join(", ", Models.Select(m => m.Name))}.", nameof(name));
}
