using Fathom.Models.Chat;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Providers;

/// <summary>
/// The model spec of each role as configured: one model for everything, or a planner, reader and
/// writer of their own (a small fast reader is the usual saving).
/// </summary>
/// <param name="Planner">The planner's model spec; also every role's that has none of its own.</param>
/// <param name="Reader">The reader's model spec, if it differs.</param>
/// <param name="Writer">The writer's model spec, if it differs.</param>
public sealed record ChatModelSpecs(string Planner, string? Reader = null, string? Writer = null)
{
    /// <summary>The reader's spec, or the planner's.</summary>
    public string ReaderSpec => string.IsNullOrWhiteSpace(Reader) ? Planner : Reader;

    /// <summary>The writer's spec, or the planner's.</summary>
    public string WriterSpec => string.IsNullOrWhiteSpace(Writer) ? Planner : Writer;

    /// <summary>A name for events: the one spec, or each role's.</summary>
    public string Name => ReaderSpec == Planner && WriterSpec == Planner
        ? Planner
        : $"planner={Planner}, reader={ReaderSpec}, writer={WriterSpec}";

    /// <summary>Builds each role's client; roles that name the same spec share one client.</summary>
    /// <exception cref="FormatException">A spec is malformed.</exception>
    public ChatModelRoles Build(ChatClientFactory factory, ModelProviderOptions? options = null)
    {
        var clients = new Dictionary<string, IChatClient>(StringComparer.Ordinal);
        IChatClient For(string spec) => clients.TryGetValue(spec, out var c) ? c : clients[spec] = factory.Create(spec, options);
        return new ChatModelRoles(For(Planner), For(ReaderSpec), For(WriterSpec));
    }
}
