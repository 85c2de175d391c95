using Fathom.Research;
using Fathom.Server.Auth;
using Fathom.Server.DashScope;
using Fathom.Server.Runs;
using Fathom.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fathom.Server;

/// <summary>
/// Registers the Fathom server: its options (validated at start), the run store and coordinator,
/// the API-key scheme and the <see cref="ApiKeyDefaults.CallerPolicy"/> policy every surface
/// requires, and a request log line per request. Map the surfaces with <c>MapDashScope()</c> and
/// <c>MapRunApi()</c>. The engine is taken from the container: register a <see cref="ResearchEngine"/> too.
/// </summary>
public static class FathomServerServiceCollectionExtensions
{
    /// <summary>
    /// Keeps runs in the store <paramref name="open"/> opens instead of the data directory's SQLite file
    /// (call before <c>AddFathomServer</c>). As it opens, the runs an earlier server left running there
    /// (and that no live node holds) are marked interrupted, as with the default store.
    /// </summary>
    public static IServiceCollection AddRunStore(this IServiceCollection services, Func<IServiceProvider, IRunStore> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        services.AddSingleton(sp => Hosting.RunStoreStartup.Ready(sp, open(sp)));
        return services;
    }

    /// <summary>Adds the server with options set by <paramref name="configure"/>.</summary>
    public static IServiceCollection AddFathomServer(this IServiceCollection services, Action<FathomServerOptions> configure)
    {
        services.AddOptions<FathomServerOptions>().Configure(configure);
        return services.AddFathomServerCore();
    }

    /// <summary>Adds the server with options bound from <paramref name="configuration"/> (the <see cref="FathomServerOptions.Section"/> section, say).</summary>
    public static IServiceCollection AddFathomServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FathomServerOptions>().Bind(configuration);
        return services.AddFathomServerCore();
    }

    /// <summary>Adds the server and listens on the options' addresses: the composition of a host that serves Fathom only.</summary>
    public static WebApplicationBuilder AddFathomServer(this WebApplicationBuilder builder, Action<FathomServerOptions> configure)
    {
        var options = new FathomServerOptions();
        configure(options);
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.Services.AddFathomServer(configure);
        return builder;
    }

    private static IServiceCollection AddFathomServerCore(this IServiceCollection services)
    {
        services.AddOptions<FathomServerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FathomServerOptions>, Hosting.FathomServerOptionsValidator>());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<FathomServerOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);

        // By factory, so that the container disposes the store; runs a stopped server left running are
        // marked interrupted as it opens, before any run of this server can start. A host that keeps runs
        // elsewhere registers its own IRunStore first (AddRunStore).
        services.TryAddSingleton<IRunStore>(sp => Hosting.RunStoreStartup.Open(sp));
        services.AddSingleton<ServerKeys>();
        services.TryAddSingleton<IRunQuota>(sp => new KeyQuota(sp.GetRequiredService<FathomServerOptions>().MaxConcurrentRunsPerKey));
        services.AddSingleton(sp => new ModelCatalog(sp.GetRequiredService<ResearchEngine>().Model.Info));
        services.AddSingleton(sp => new RunAdmission(sp.GetRequiredService<FathomServerOptions>().MaxConcurrentRuns, sp.GetRequiredService<FathomServerOptions>().MaxQueuedRuns));
        services.AddSingleton(sp => new RunScheduler(sp.GetRequiredService<FathomServerOptions>().RunThreads));
        services.AddSingleton<RunCoordinator>();
        services.AddSingleton<RunFollower>();
        services.AddSingleton<ImageFetcher>();
        services.AddSingleton<GenerationEndpoint>();
        services.AddSingleton<RunEndpoints>();
        services.AddHostedService<Hosting.RunStoreStartup>();

        services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.CallerPolicy, p => p.AddAuthenticationSchemes(ApiKeyDefaults.Scheme).RequireAuthenticatedUser().RequireClaim(ApiKeyDefaults.CallerClaim));
        services.AddTransient<IStartupFilter, Hosting.RequestLogStartupFilter>();
        services.AddTransient<IStartupFilter, Faults.ProtocolErrorStartupFilter>();
        services.AddTransient<IConfigureOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>, Faults.ClientLimits>();
        services.AddTransient<IConfigureOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>, Faults.RejectionBodies>();
        return services;
    }
}
