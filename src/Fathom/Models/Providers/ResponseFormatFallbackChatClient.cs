using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Providers;

/// <summary>
/// Lets structured answers work with servers that do not take a JSON schema. When a call with a
/// schema is refused as a bad request (HTTP 400), it is sent again asking only for JSON, and then
/// with no response format at all (the prompts describe the JSON shape anyway); the first level the
/// server accepts is remembered for the calls that follow.
/// </summary>
public sealed class ResponseFormatFallbackChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    private const int SchemaLevel = 0;
    private const int JsonLevel = 1;
    private const int NoFormatLevel = 2;

    private int _level = SchemaLevel;

    /// <summary>What the server was found to accept: 0 a JSON schema, 1 plain JSON mode, 2 no response format.</summary>
    public int Level => Volatile.Read(ref _level);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        for (var level = Math.Max(Level, Start(options)); ; level++)
        {
            try
            {
                var response = await base.GetResponseAsync(list, At(options, level), cancellationToken);
                Remember(options, level);
                return response;
            }
            catch (Exception ex) when (options?.ResponseFormat is ChatResponseFormatJson && level < NoFormatLevel && ProviderFailure.StatusOf(ex) == 400)
            {
                // Try the next, plainer response format.
            }
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Streams are not sent twice; they only use what was learned from earlier calls.
        var level = Math.Max(Level, Start(options));
        await foreach (var update in base.GetStreamingResponseAsync(messages, At(options, level), cancellationToken))
        {
            yield return update;
        }
    }

    private static int Start(ChatOptions? options) => options?.ResponseFormat is ChatResponseFormatJson { Schema: null } ? JsonLevel : SchemaLevel;

    private void Remember(ChatOptions? options, int level)
    {
        if (options?.ResponseFormat is ChatResponseFormatJson && level > Level)
        {
            Volatile.Write(ref _level, level);
        }
    }

    private static ChatOptions? At(ChatOptions? options, int level)
    {
        if (options?.ResponseFormat is not ChatResponseFormatJson || level == SchemaLevel)
        {
            return options;
        }

        var plainer = options.Clone();
        plainer.ResponseFormat = level == JsonLevel ? ChatResponseFormat.Json : null;
        return plainer;
    }
}
