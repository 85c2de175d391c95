using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Fathom.Diagnostics;

/// <summary>
/// A span, a count, a duration and the tokens of every language-model call, tagged with the model
/// and outcome; prompts and answers never become tags. Sits in every chat client's pipeline.
/// </summary>
public sealed class TelemetryChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var call = new Call(options);
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            call.Usage = response.Usage;
            return response;
        }
        catch (Exception ex)
        {
            call.Error = ex;
            throw;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = new Call(options);
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
            catch (Exception ex)
            {
                call.Error = ex;
                throw;
            }

            foreach (var usage in updates.Current.Contents.OfType<UsageContent>())
            {
                call.Usage = usage.Details;
            }

            yield return updates.Current;
        }
    }

    /// <summary>One call's span and measurements, recorded when it is disposed.</summary>
    private sealed class Call : IDisposable
    {
        private readonly Activity? _activity;
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly string _model;

        public Call(ChatOptions? options)
        {
            _model = options?.ModelId ?? "default";
            _activity = FathomTelemetry.ActivitySource.StartActivity("fathom.model");
            _activity?.SetTag("fathom.model", _model);
        }

        public UsageDetails? Usage { get; set; }

        public Exception? Error { get; set; }

        public void Dispose()
        {
            var outcome = FathomTelemetry.Outcome(Error);
            var tags = new TagList { { "fathom.model", _model }, { "fathom.outcome", outcome } };
            FathomTelemetry.ModelCalls.Add(1, tags);
            FathomTelemetry.ModelCallDuration.Record(FathomTelemetry.SecondsSince(_started), tags);
            if (Usage is { } usage)
            {
                FathomTelemetry.Tokens.Add(usage.InputTokenCount ?? 0, new TagList { { "fathom.model", _model }, { "fathom.token.type", "input" } });
                FathomTelemetry.Tokens.Add(usage.OutputTokenCount ?? 0, new TagList { { "fathom.model", _model }, { "fathom.token.type", "output" } });
                _activity?.SetTag("fathom.tokens.input", usage.InputTokenCount);
                _activity?.SetTag("fathom.tokens.output", usage.OutputTokenCount);
            }

            if (Error is not null)
            {
                _activity?.SetStatus(ActivityStatusCode.Error, Error.GetType().Name);
            }

            _activity?.SetTag("fathom.outcome", outcome);
            _activity?.Dispose();
        }
    }
}
