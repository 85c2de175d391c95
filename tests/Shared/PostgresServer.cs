using System.Diagnostics;
using Npgsql;

namespace Fathom.Testing;

/// <summary>
/// A PostgreSQL server for the tests: the one <c>FATHOM_TEST_POSTGRES</c> names (.ci/run starts one),
/// else a throwaway cluster started here from Debian's binaries (<c>/usr/lib/postgresql/N/bin</c>), on a
/// unix socket in a temporary folder, so that concurrent test runs never share a port. Each test gets
/// a database of its own. Where neither is possible the tests fail under CI and are skipped, saying
/// why, elsewhere.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    /// <summary>The variable naming a server the tests may create databases on.</summary>
    public const string Variable = "FATHOM_TEST_POSTGRES";

    private readonly string? _admin;
    private readonly string? _folder;
    private readonly string? _binaries;

    public PostgresServer()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            _admin = given;
            return;
        }

        _binaries = FindBinaries();
        if (_binaries is null)
        {
            Unavailable = $"no PostgreSQL server: set {Variable} to a connection string that may create databases, or install Debian's postgresql package (apt-get install -y postgresql)";
            return;
        }

        try
        {
            _folder = Directory.CreateTempSubdirectory("fathom-pg-").FullName;
            _admin = StartCluster(_binaries, _folder);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            Unavailable = $"could not start a temporary PostgreSQL cluster from {_binaries}: {ex.Message}";
        }
    }

    /// <summary>Why no server is available, or null when one is.</summary>
    public string? Unavailable { get; }

    /// <summary>Creates an empty database of its own and returns its connection string; skips or fails when no server is available.</summary>
    public string CreateDatabase()
    {
        if (Unavailable is { } reason)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The PostgreSQL tests cannot run under CI: {reason}.");
            }

            Skip.If(true, $"PostgreSQL tests skipped: {reason}.");
        }

        var name = $"fathom_test_{Guid.NewGuid():N}";
        Admin($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(_admin) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="CreateDatabase"/> made.</summary>
    public void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    public void Dispose()
    {
        if (_folder is null || _binaries is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        Run(_binaries, "pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }

    private void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("FATHOM_POSTGRES_BIN") is { Length: > 0 } bin && File.Exists(Path.Combine(bin, "pg_ctl")))
        {
            return bin;
        }

        const string root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    /// <summary>initdb and pg_ctl start, as the postgres user when running as root (PostgreSQL refuses root); no TCP port, a socket in the folder.</summary>
    private static string StartCluster(string binaries, string folder)
    {
        if (IsRoot)
        {
            RunProgram("chown", "postgres:postgres", folder);
        }

        var data = Path.Combine(folder, "data");
        RunChecked(binaries, "initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        RunChecked(binaries, "pg_ctl", "-D", data, "-l", Path.Combine(folder, "log"), "-w", "-t", "60",
            "-o", $"-k {folder} -c listen_addresses= -p 5432 -F", "start");
        return new NpgsqlConnectionStringBuilder { Host = folder, Port = 5432, Username = "postgres", Database = "postgres" }.ConnectionString;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static void RunChecked(string binaries, string tool, params string[] arguments)
    {
        var (code, output) = Run(binaries, tool, arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"{tool} exited with {code}: {output.Trim()}");
        }
    }

    private static void RunProgram(string program, params string[] arguments)
    {
        var (code, output) = Start(program, arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} exited with {code}: {output.Trim()}");
        }
    }

    private static (int Code, string Output) Run(string binaries, string tool, params string[] arguments)
    {
        var program = Path.Combine(binaries, tool);
        return IsRoot ? Start("runuser", ["-u", "postgres", "--", program, .. arguments]) : Start(program, arguments);
    }

    private static (int Code, string Output) Start(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not finish within 90 s.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
