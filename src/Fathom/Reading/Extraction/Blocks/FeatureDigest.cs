using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// A fingerprint of what the models learn from a page: every block's features and text (the labels
/// are read from the text), the page-type features and the title. The training command writes it beside
/// the models for a fixed sample of the pages it learned from, and a test computes it again, so that a
/// change to how the engine reads a page cannot ship with models trained on the earlier reading: the
/// shipped models stay what the documented command writes.
/// </summary>
internal static class FeatureDigest
{
    /// <summary>The file beside the models that holds the digest.</summary>
    public const string FileName = "features.sha256";

    /// <summary>The sample: every this-many-th page of the training set, in id order, from the first.</summary>
    public const int Every = 20;

    /// <summary>The digest of <paramref name="pages"/>, in their order, as lower-case hexadecimal.</summary>
    public static string Of(IEnumerable<PageAnalysis> pages)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var page in pages)
        {
            Add(hash, page.Features.Length);
            for (var i = 0; i < page.Features.Length; i++)
            {
                hash.AppendData(MemoryMarshal.AsBytes(page.Features[i].AsSpan()));
                Add(hash, page.Blocks[i].Text);
            }

            hash.AppendData(MemoryMarshal.AsBytes(page.TypeFeatures.AsSpan()));
            Add(hash, page.Metadata.Title);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Add(IncrementalHash hash, int value) => hash.AppendData(MemoryMarshal.AsBytes(new ReadOnlySpan<int>(in value)));

    // Length first, so that texts cannot run into one another.
    private static void Add(IncrementalHash hash, string? text)
    {
        Add(hash, text?.Length ?? -1);
        hash.AppendData(MemoryMarshal.AsBytes((text ?? string.Empty).AsSpan()));
    }
}
