using Microsoft.Extensions.Hosting;

namespace Fathom.Cluster;

/// <summary>Creates the cluster's tables as the host starts, before the silo joins.</summary>
internal sealed class ClusterSchemaStartup(string connectionString) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => ClusterSchema.EnsureAsync(connectionString, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
