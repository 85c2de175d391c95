namespace Fathom.Models.Providers;

/// <summary>
/// A provider's API key. It prints as a mask, so options that hold it can be logged or shown without
/// leaking it; only a provider reads <see cref="Reveal"/>.
/// </summary>
public sealed class ApiKey
{
    private readonly string _value;

    /// <summary>Wraps a key.</summary>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public ApiKey(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.Trim();
    }

    /// <summary>The key itself, for the request's credentials only.</summary>
    public string Reveal() => _value;

    /// <summary>A mask that never shows the key.</summary>
    public override string ToString() => "[redacted]";
}
