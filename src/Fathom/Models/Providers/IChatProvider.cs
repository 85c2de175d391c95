using Microsoft.Extensions.AI;

namespace Fathom.Models.Providers;

/// <summary>
/// Builds the raw chat client of one kind of model spec. <see cref="ChatClientFactory"/> wraps what it
/// returns in the shared decorators, so a provider only speaks its wire protocol.
/// </summary>
public interface IChatProvider
{
    /// <summary>Whether this provider serves <paramref name="spec"/>.</summary>
    bool Handles(ModelSpec spec);

    /// <summary>A client for <paramref name="spec"/>.</summary>
    IChatClient Create(ModelSpec spec, ModelProviderOptions options);
}
