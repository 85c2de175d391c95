using Fathom.Cluster.Grains;
using Fathom.Server;
using Fathom.Server.Runs;
using Fathom.Storage;
using Fathom.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Fathom.Cluster;

/// <summary>
/// Makes a Fathom server one node of a cluster: an Orleans silo in the same host, clustered and
/// reminded through the shared PostgreSQL database (ADO.NET providers; the schema is created at
/// start), runs owned by <see cref="IRunGrain"/>s and per-key quotas by <see cref="IKeyQuotaGrain"/>s.
/// Call after <c>AddFathomServer</c>; the server's surfaces stay as they are.
/// </summary>
public static class FathomClusterHostingExtensions
{
    /// <summary>The ADO.NET provider invariant Orleans loads Npgsql by.</summary>
    public const string Invariant = "Npgsql";

    public static IHostApplicationBuilder AddFathomCluster(this IHostApplicationBuilder builder, FathomClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException("Invalid cluster options: " + string.Join("; ", problems) + ".");
        }

        // Before the silo's own hosted service, so that the tables are there when it joins.
        builder.Services.AddHostedService(_ => new ClusterSchemaStartup(options.ConnectionString));
        builder.Services.AddSingleton(options.Timings);
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<FathomServerOptions>>(new ClusterOwnerSecret(options.ConnectionString));
        builder.Services.AddSingleton<IRunCluster, GrainRunCluster>();

        // The run store every node shares, in the same database (its own tables, created at open).
        builder.Services.RemoveAll<IRunStore>();
        builder.Services.AddSingleton<IRunStore>(sp =>
        {
            var store = PostgresRunStore.Open(options.ConnectionString);
            Fathom.Server.Hosting.RunStoreStartup.LogDamagedRows(store, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Fathom.Server"));
            return store;
        });
        builder.Services.RemoveAll<IRunQuota>();
        builder.Services.AddSingleton<IRunQuota>(sp => new ClusterQuota(
            sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<FathomServerOptions>().MaxConcurrentRunsPerKey));

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ClusterId;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = options.NodeName ?? $"{Environment.MachineName}-{options.SiloPort}");
            silo.ConfigureEndpoints(options.AdvertisedAddress, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !options.AdvertisedAddress.Equals(System.Net.IPAddress.Loopback));
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = options.ConnectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = options.ConnectionString;
            });
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = options.Timings.TakeoverPeriod < o.MinimumReminderPeriod ? options.Timings.TakeoverPeriod : o.MinimumReminderPeriod);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                // A dead node is declared dead after two missed probes, so that its runs move within seconds.
                o.ProbeTimeout = options.Timings.ProbeTimeout;
                o.NumMissedProbesLimit = 2;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = options.Timings.FollowWait * 3);
        });
        return builder;
    }
}
