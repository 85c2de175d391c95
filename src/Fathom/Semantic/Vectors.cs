namespace Fathom.Semantic;

/// <summary>Small vector arithmetic for unit-length embeddings, and their compact storage as bytes.</summary>
public static class Vectors
{
    /// <summary>The vector scaled to unit length (a zero vector stays zero).</summary>
    public static float[] Normalized(ReadOnlySpan<float> vector)
    {
        double sum = 0;
        foreach (var x in vector)
        {
            sum += x * x;
        }

        var result = vector.ToArray();
        if (sum > 0)
        {
            var scale = (float)(1 / Math.Sqrt(sum));
            for (var i = 0; i < result.Length; i++)
            {
                result[i] *= scale;
            }
        }

        return result;
    }

    /// <summary>The cosine of two unit-length vectors: their dot product. Vectors of different lengths score 0.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        a.Length == b.Length ? System.Numerics.Tensors.TensorPrimitives.Dot(a, b) : 0;

    /// <summary>The vector as little-endian bytes, for a BLOB column.</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> vector) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector).ToArray();

    /// <summary>A vector read back from <see cref="ToBytes"/>.</summary>
    public static float[] FromBytes(ReadOnlySpan<byte> bytes) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
