using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Providers;

/// <summary>
/// Keeps a provider's API key out of every exception that leaves the chat client: some servers echo
/// the credentials in their error text, and error text ends up in events, logs and reports. An
/// exception whose message holds the key is replaced by one that says the same with the key masked
/// (its inner exceptions, which hold the key too, are dropped).
/// </summary>
public sealed class SecretRedactingChatClient(IChatClient innerClient, ApiKey? key) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception ex) when (Leaks(ex))
        {
            throw Redacted(ex);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (Leaks(ex))
            {
                throw Redacted(ex);
            }

            yield return updates.Current;
        }
    }

    private bool Leaks(Exception exception)
    {
        if (key is null)
        {
            return false;
        }

        var secret = key.Reveal();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e.Message.Contains(secret, StringComparison.Ordinal) || (e.StackTrace?.Contains(secret, StringComparison.Ordinal) ?? false))
            {
                return true;
            }
        }

        return false;
    }

    private ModelProviderException Redacted(Exception exception)
    {
        var message = exception.Message.Replace(key!.Reveal(), key.ToString(), StringComparison.Ordinal);
        return new ModelProviderException(message, ProviderFailure.StatusOf(exception), ProviderFailure.RetryAfterOf(exception, DateTimeOffset.UtcNow));
    }
}
