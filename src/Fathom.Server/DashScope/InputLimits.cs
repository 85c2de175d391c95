namespace Fathom.Server.DashScope;

/// <summary>
/// How much text a request may carry, per message and in all, in characters and in estimated
/// tokens. The defaults follow the hosted model, which takes at most 997,952 input tokens.
/// </summary>
public sealed record InputLimits
{
    /// <summary>The hosted model's own input limit.</summary>
    public const long HostedModelTokens = 997_952;

    /// <summary>Characters (UTF-16 code units) one message may have.</summary>
    public long MaxMessageCharacters { get; init; } = 3_000_000;

    /// <summary>Characters all messages together may have.</summary>
    public long MaxTotalCharacters { get; init; } = 3_000_000;

    /// <summary>Estimated tokens one message may have.</summary>
    public long MaxMessageTokens { get; init; } = HostedModelTokens;

    /// <summary>Estimated tokens all messages together may have.</summary>
    public long MaxTotalTokens { get; init; } = HostedModelTokens;

    /// <summary>
    /// The most bytes a text string can take in the JSON body and still fit: a character is at most
    /// six bytes there (a <c>\uXXXX</c> escape). A longer string is refused while it is being read.
    /// </summary>
    internal long MaxTextBytes => Math.Min(MaxMessageCharacters, MaxTotalCharacters) * 6;

    /// <summary>Names each limit that is not positive.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxMessageCharacters < 1 || MaxTotalCharacters < 1)
        {
            yield return $"input character limits must be positive (got {MaxMessageCharacters} per message, {MaxTotalCharacters} in all)";
        }

        if (MaxMessageTokens < 1 || MaxTotalTokens < 1)
        {
            yield return $"input token limits must be positive (got {MaxMessageTokens} per message, {MaxTotalTokens} in all)";
        }
    }
}
