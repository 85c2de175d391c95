using System.Diagnostics;
using Fathom.CarelessModel;

namespace Fathom.Models.Tests;

/// <summary>The careless model as the benchmark runs it: its own process, stopped by SIGTERM.</summary>
public sealed class CarelessModelProcessTests
{
    [Fact]
    public async Task Server_Sigterm_StopsCleanlyAndReportsItsFaults()
    {
        var dll = typeof(CarelessModelServer).Assembly.Location;
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--seed", "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var address = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
            var errors = process.StandardError.ReadToEndAsync();

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            Assert.DoesNotContain("Unhandled exception", await errors, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
