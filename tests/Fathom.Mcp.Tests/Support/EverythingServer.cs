using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fathom.Mcp.Tests.Support;

/// <summary>
/// The reference MCP test server, <c>@modelcontextprotocol/server-everything</c>, run with Node on a
/// free port over streamable HTTP (<c>/mcp</c>) or legacy SSE (<c>/sse</c>). <c>.ci/run</c> installs it
/// into <c>.ci/node</c>; when it is missing there it is installed on first use.
/// </summary>
internal sealed class EverythingServer : IAsyncDisposable
{
    public const string Package = "@modelcontextprotocol/server-everything@2026.8.31";

    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private readonly Process _process;

    private EverythingServer(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Why the server cannot run here (no Node), or null.</summary>
    public static string? Unavailable => Which("node") is null
        ? "Node.js is not installed, so the server-everything tests are skipped here (CI installs Node and runs them)."
        : null;

    private static string Entry => Path.Combine(Paths.NodePrefix, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    /// <param name="transport">"streamableHttp" or "sse".</param>
    public static async Task<EverythingServer> StartAsync(string transport)
    {
        await EnsureInstalledAsync();
        var port = FreePort();
        var start = new ProcessStartInfo(Which("node")!, [Entry, transport])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Paths.NodePrefix,
        };
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"server-everything exited with code {process.ExitCode} before listening.");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                var path = transport == "sse" ? "/sse" : "/mcp";
                return new EverythingServer(process, new Uri($"http://127.0.0.1:{port}{path}"));
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("server-everything did not listen within 30 s.");
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(Entry))
            {
                return;
            }

            var npm = Which("npm") ?? throw new InvalidOperationException($"npm is missing: install Node.js with npm, or run: npm install --prefix .ci/node {Package}");
            var install = Process.Start(new ProcessStartInfo(npm, ["install", "--prefix", Paths.NodePrefix, "--no-audit", "--no-fund", Package]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
            var errors = install.StandardError.ReadToEndAsync();
            await install.StandardOutput.ReadToEndAsync();
            await install.WaitForExitAsync();
            if (install.ExitCode != 0 || !File.Exists(Entry))
            {
                throw new InvalidOperationException($"npm install --prefix .ci/node {Package} failed: {await errors}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
