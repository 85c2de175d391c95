using System.Runtime.CompilerServices;
using System.Text;
using Fathom.Models.Providers;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fathom.Models.Gguf;

/// <summary>
/// A GGUF model run in this process by llama.cpp (through LLamaSharp), as a chat client: the
/// conversation is laid out with the model's own chat template, a JSON response format becomes a
/// grammar that only admits JSON of the requested schema, and usage is counted with the model's
/// tokenizer. Calls run one at a time: a CPU model is saturated by one.
/// </summary>
public sealed class GgufChatClient : IChatClient
{
    private readonly LLamaWeights _weights;
    private readonly ModelParams _parameters;
    private readonly ChatClientMetadata _metadata;
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Loads the model in <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public GgufChatClient(string path, GgufOptions? options = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No GGUF model at '{path}': give the path of a .gguf file (gguf:PATH).", path);
        }

        options ??= new GgufOptions();
        NativeLogConfig.llama_log_set(options.NativeLog ?? NullLogger.Instance);
        _parameters = new ModelParams(path)
        {
            ContextSize = (uint)options.ContextSize,
            GpuLayerCount = options.GpuLayers,
            Threads = options.Threads,
        };
        _weights = LLamaWeights.LoadFromFile(_parameters);
        _metadata = new ChatClientMetadata("gguf", new Uri(Path.GetFullPath(path)), Path.GetFileNameWithoutExtension(path));
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        UsageDetails? usage = null;
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            text.Append(update.Text);
            finish = update.FinishReason ?? finish;
            usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text.ToString()))
        {
            ModelId = _metadata.DefaultModelId,
            FinishReason = finish,
            Usage = usage,
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = Prompt(messages);
        var maxTokens = options?.MaxOutputTokens ?? 1_024;
        var input = Count(prompt);
        var context = (int)_parameters.ContextSize!.Value;
        if (input + maxTokens > context)
        {
            // Not a configuration fault: the stage gives up on this call and the run goes on.
            throw new ModelProviderException(
                $"The prompt ({input} tokens) and the answer ({maxTokens} tokens) do not fit in the model's context of {context} tokens: raise the context size or show the model less text.");
        }

        await _turn.WaitAsync(cancellationToken);
        try
        {
            var executor = new StatelessExecutor(_weights, _parameters);
            var inference = new InferenceParams
            {
                MaxTokens = maxTokens,
                SamplingPipeline = new DefaultSamplingPipeline
                {
                    Temperature = options?.Temperature ?? 0.2f,
                    Seed = options?.Seed is { } seed ? (uint)seed : 42,
                    Grammar = Grammar(options?.ResponseFormat),
                },
            };
            // The executor hands on one piece of text per sampled token.
            var produced = 0;
            await foreach (var piece in executor.InferAsync(prompt, inference, cancellationToken))
            {
                produced++;
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = _metadata.DefaultModelId };
            }

            yield return new ChatResponseUpdate
            {
                Role = ChatRole.Assistant,
                ModelId = _metadata.DefaultModelId,
                FinishReason = produced >= maxTokens ? ChatFinishReason.Length : ChatFinishReason.Stop,
                Contents = [new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = produced, TotalTokenCount = input + produced })],
            };
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType == typeof(LLamaWeights) ? _weights
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc />
    public void Dispose()
    {
        _weights.Dispose();
        _turn.Dispose();
    }

    /// <summary>The conversation in the model's chat template, ending where the assistant's turn begins.</summary>
    private string Prompt(IEnumerable<ChatMessage> messages)
    {
        var template = new LLamaTemplate(_weights) { AddAssistant = true };
        foreach (var message in messages)
        {
            template.Add(message.Role.Value, message.Text);
        }

        return Encoding.UTF8.GetString(template.Apply());
    }

    private int Count(string text) => text.Length == 0 ? 0 : _weights.Tokenize(text, add_bos: false, special: true, Encoding.UTF8).Length;

    private static Grammar? Grammar(ChatResponseFormat? format) => format switch
    {
        ChatResponseFormatJson { Schema: { } schema } => new Grammar(JsonSchemaGrammar.For(schema), "root"),
        ChatResponseFormatJson => new Grammar(JsonSchemaGrammar.AnyJson, "root"),
        _ => null,
    };
}
