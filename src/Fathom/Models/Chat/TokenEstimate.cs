using Microsoft.Extensions.AI;

namespace Fathom.Models.Chat;

/// <summary>
/// A cautious guess of how many tokens a text is, for budget checks before a call and for providers
/// that report no usage. It errs high: a budget must not be crossed because the guess was low.
/// </summary>
internal static class TokenEstimate
{
    /// <summary>Tokens an image is counted as.</summary>
    public const int ImageTokens = 1_000;

    /// <summary>About three characters a token for alphabetic text, one a token for ideographs.</summary>
    public static long Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        long wide = 0;
        foreach (var c in text)
        {
            if (c >= '\u2E80')
            {
                wide++;
            }
        }

        return wide + ((text.Length - wide + 2) / 3) + 4;
    }

    /// <summary>The tokens of a conversation.</summary>
    public static long Of(IEnumerable<ChatMessage> messages) =>
        messages.Sum(m => m.Contents.Sum(c => c switch
        {
            TextContent t => Of(t.Text),
            DataContent or UriContent => ImageTokens,
            FunctionCallContent call => Of(call.Name) + Of(call.Arguments is null ? null : string.Join(' ', call.Arguments.Select(a => a.Key + " " + a.Value))),
            FunctionResultContent result => Of(result.Result?.ToString()),
            _ => 0,
        }) + 4);
}
