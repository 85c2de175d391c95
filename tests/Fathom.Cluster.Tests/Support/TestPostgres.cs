using System.Diagnostics;
using Npgsql;

namespace Fathom.Cluster.Tests.Support;

/// <summary>
/// A PostgreSQL server for the cluster tests: the one FATHOM_TEST_POSTGRES names (a connection string
/// whose user may create databases), or, without it, a temporary one started from Debian's
/// PostgreSQL 15 binaries on a free loopback port and removed at the end. Each test gets a database of its own.
/// </summary>
public sealed class TestPostgres : IAsyncLifetime
{
    public const string Variable = "FATHOM_TEST_POSTGRES";
    /// <summary>Debian's PostgreSQL binaries, newest version first (15 on bookworm).</summary>
    private static readonly string Binaries = Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order(StringComparer.Ordinal).LastOrDefault() ?? ""
        : "";

    private string? _directory;
    private string _admin = "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            _admin = configured;
            return;
        }

        if (Binaries.Length == 0)
        {
            throw new InvalidOperationException($"The cluster tests need PostgreSQL: set {Variable} to a connection string that may create databases, or install Debian's postgresql package (apt-get install -y postgresql).");
        }

        _directory = Directory.CreateTempSubdirectory("fathom-cluster-pg-").FullName;
        var port = ClusterNode.FreePort();
        var data = Path.Combine(_directory, "data");
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            await Run("chown", ["postgres", _directory]);
        }

        await Postgres(asPostgres, "initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
        await Postgres(asPostgres, "pg_ctl", ["-D", data, "-l", Path.Combine(_directory, "log"), "-w", "-o", $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start"]);
        _admin = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    /// <summary>A new, empty database on the server.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "fathom_cluster_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(_admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_admin) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_directory is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await Postgres(Environment.UserName == "root", "pg_ctl", ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "stop"]);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static Task Postgres(bool asPostgres, string tool, string[] args) => asPostgres
        ? Run("runuser", ["-u", "postgres", "--", Path.Combine(Binaries, tool), .. args])
        : Run(Path.Combine(Binaries, tool), args);

    private static async Task Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
