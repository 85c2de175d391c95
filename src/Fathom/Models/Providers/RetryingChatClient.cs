using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fathom.Models.Providers;

/// <summary>
/// Retries a chat call that failed transiently (429, 408, 5xx, a dropped connection), waiting as long
/// as the provider's <c>Retry-After</c> asks or else backing off exponentially with jitter. A streamed
/// call is retried only while nothing of it has reached the caller: once an update was handed on,
/// a failure is the caller's to see, never a silent second answer.
/// </summary>
public sealed partial class RetryingChatClient(IChatClient innerClient, RetryOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    : DelegatingChatClient(innerClient)
{
    private readonly RetryOptions _options = options ?? new RetryOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.GetResponseAsync(list, options, cancellationToken);
            }
            catch (Exception ex) when (Delay(ex, attempt, cancellationToken) is { } delay)
            {
                await Task.Delay(delay, _time, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryIn = null;
            var delivered = false;
            await using (var updates = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken))
            {
                while (true)
                {
                    try
                    {
                        if (!await updates.MoveNextAsync())
                        {
                            yield break;
                        }
                    }
                    catch (Exception ex) when (!delivered && Delay(ex, attempt, cancellationToken) is { } delay)
                    {
                        retryIn = delay;
                        break;
                    }

                    delivered = true;
                    yield return updates.Current;
                }
            }

            await Task.Delay(retryIn!.Value, _time, cancellationToken);
        }
    }

    /// <summary>How long to wait before the next try, or null when the failure stands.</summary>
    private TimeSpan? Delay(Exception exception, int attempt, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || attempt > _options.MaxRetries || !ProviderFailure.IsTransient(exception))
        {
            return null;
        }

        var asked = ProviderFailure.RetryAfterOf(exception, _time.GetUtcNow());
        if (asked > _options.MaxRetryAfter)
        {
            LogRetryAfterTooLong(_logger, ProviderFailure.Describe(exception), asked.Value);
            return null;
        }

        var backoff = _options.BaseDelay * Math.Pow(2, attempt - 1) * (0.8 + (Random.Shared.NextDouble() * 0.4));
        var delay = asked ?? (backoff < _options.MaxDelay ? backoff : _options.MaxDelay);
        LogRetrying(_logger, ProviderFailure.Describe(exception), delay, attempt, _options.MaxRetries);
        return delay;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model call failed with {Failure}; retrying in {Delay} (retry {Attempt} of {MaxRetries}).")]
    private static partial void LogRetrying(ILogger logger, string failure, TimeSpan delay, int attempt, int maxRetries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model call failed with {Failure}; the provider asked to wait {RetryAfter}, longer than allowed, so it is not retried.")]
    private static partial void LogRetryAfterTooLong(ILogger logger, string failure, TimeSpan retryAfter);
}
