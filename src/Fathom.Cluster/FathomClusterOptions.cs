using System.Net;

namespace Fathom.Cluster;

/// <summary>How a node joins the cluster: the PostgreSQL database the nodes share and the ports this node listens on.</summary>
public sealed record FathomClusterOptions
{
    /// <summary>The shared PostgreSQL database (an Npgsql connection string): membership, reminders and the run store.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The port other nodes reach this node's silo on.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>The port Orleans clients reach this node's gateway on.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The address this node tells the others to reach it at; loopback by default (one machine).</summary>
    public IPAddress AdvertisedAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Nodes with the same id form one cluster (one deployment may hold several on one database).</summary>
    public string ClusterId { get; init; } = "fathom";

    /// <summary>This node's name in the membership table; the host name and silo port by default.</summary>
    public string? NodeName { get; init; }

    /// <summary>How long the cluster's parts wait.</summary>
    public ClusterTimings Timings { get; init; } = new();

    /// <summary>Each value out of range, said as what to fix.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add("--cluster needs a PostgreSQL connection string, such as \"Host=db;Database=fathom;Username=fathom;Password=…\"");
        }
        else
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException ex)
            {
                problems.Add($"--cluster is not a PostgreSQL connection string ({ex.Message}); write it as \"Host=db;Database=fathom;Username=fathom;Password=…\"");
            }
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
        {
            problems.Add($"--silo-port and --gateway-port must be two different ports from 1 to 65535 (got {SiloPort} and {GatewayPort})");
        }

        return problems;
    }
}
