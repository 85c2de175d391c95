using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Fathom.Models.Chat;

/// <summary>
/// The chat client behind each role: the planner clarifies, plans and reflects between rounds, the
/// reader learns from pages (many calls: a small fast model fits), the writer writes the report.
/// </summary>
public sealed record ChatModelRoles(IChatClient Planner, IChatClient Reader, IChatClient Writer)
{
    /// <summary>Service key of the planner's client when registered with <c>AddKeyedChatClient</c>.</summary>
    public const string PlannerKey = "planner";

    /// <summary>Service key of the reader's client.</summary>
    public const string ReaderKey = "reader";

    /// <summary>Service key of the writer's client.</summary>
    public const string WriterKey = "writer";

    /// <summary>One client for every role.</summary>
    public static ChatModelRoles Shared(IChatClient client) => new(client, client, client);

    /// <summary>
    /// The keyed clients a host registered with <c>AddKeyedChatClient("planner" | "reader" | "writer", …)</c>;
    /// a role without its own falls back to the unkeyed <see cref="IChatClient"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither a keyed nor an unkeyed client is registered for a role.</exception>
    public static ChatModelRoles FromServices(IServiceProvider services) => new(
        Resolve(services, PlannerKey),
        Resolve(services, ReaderKey),
        Resolve(services, WriterKey));

    private static IChatClient Resolve(IServiceProvider services, string key) =>
        services.GetKeyedService<IChatClient>(key)
        ?? services.GetService<IChatClient>()
        ?? throw new InvalidOperationException($"No chat client for the {key} role: register one with AddKeyedChatClient(\"{key}\", …) or an unkeyed one with AddChatClient(…).");
}
