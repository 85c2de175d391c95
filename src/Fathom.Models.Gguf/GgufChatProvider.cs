using Fathom.Models.Providers;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Gguf;

/// <summary>Serves <c>gguf:PATH</c> model specs with a model loaded in this process.</summary>
public sealed class GgufChatProvider(GgufOptions? gguf = null) : IChatProvider
{
    /// <inheritdoc />
    public bool Handles(ModelSpec spec) => spec.Provider == ModelSpec.Gguf;

    /// <inheritdoc />
    public IChatClient Create(ModelSpec spec, ModelProviderOptions options) => new GgufChatClient(spec.Model, gguf);
}
