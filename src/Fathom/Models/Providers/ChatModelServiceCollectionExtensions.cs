using Fathom.Models;
using Fathom.Models.Chat;
using Fathom.Models.Providers;
using Fathom.Research;
using Microsoft.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the language-model research model in a host's services.</summary>
public static class ChatModelServiceCollectionExtensions
{
    /// <summary>
    /// Registers a keyed chat client per role ("planner", "reader", "writer") built from
    /// <paramref name="specs"/>, and an <see cref="IResearchModel"/> on them. A host may register its
    /// own keyed clients instead and use <see cref="ChatModelRoles.FromServices"/>.
    /// </summary>
    public static IServiceCollection AddChatResearchModel(
        this IServiceCollection services,
        ChatModelSpecs specs,
        ModelProviderOptions? providerOptions = null,
        ChatModelOptions? modelOptions = null,
        ChatClientFactory? factory = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(specs);
        var roles = new Lazy<ChatModelRoles>(() => specs.Build(factory ?? new ChatClientFactory(), providerOptions));
        services.AddKeyedChatClient(ChatModelRoles.PlannerKey, _ => roles.Value.Planner);
        services.AddKeyedChatClient(ChatModelRoles.ReaderKey, _ => roles.Value.Reader);
        services.AddKeyedChatClient(ChatModelRoles.WriterKey, _ => roles.Value.Writer);
        services.AddSingleton<IResearchModel>(sp => FallbackResearchModel.Guarded(
            new ChatResearchModel(
                ChatModelRoles.FromServices(sp),
                (modelOptions ?? new ChatModelOptions()) with { Name = modelOptions?.Name is { } n && n != "chat" ? n : specs.Name }),
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>()));
        return services;
    }
}
