using System.Text;

namespace Fathom.CarelessModel;

/// <summary>Random choices drawn from a seed and the text of the request only, so the same request gets the same answer.</summary>
public sealed class Draw
{
    private readonly Random _random;

    /// <summary>Choices for <paramref name="text"/> under <paramref name="seed"/>; <paramref name="salt"/> separates independent draws.</summary>
    public Draw(int seed, string text, string salt = "") => _random = new Random(unchecked((int)Hash($"{seed}\u0001{salt}\u0001{text}")));

    public bool Chance(double p) => p > 0 && _random.NextDouble() < p;

    public int Next(int max) => _random.Next(max);

    public int Next(int min, int max) => _random.Next(min, max);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Picks an index by weights.</summary>
    public int Weighted(params double[] weights)
    {
        var x = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>FNV-1a over the UTF-8 bytes: stable across processes, unlike string hash codes.</summary>
    private static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }
}
