using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Fathom.Cluster.Tests.Support;

/// <summary>
/// A real <c>fathom serve --cluster …</c> process (this test assembly run as <c>fathom</c> with the
/// scripted model, see Program.cs), on a free loopback port, with its stderr and stdout kept for the assertion messages.
/// </summary>
internal sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _address.TrySetException(new InvalidOperationException("fathom serve ended before it served: " + Errors));
                return;
            }

            Keep(e.Data);
            if (ServingOn().Match(e.Data) is { Success: true } match)
            {
                _address.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.BeginErrorReadLine();

        // Standard output too: what ends the process before it serves may be written there.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Keep(e.Data);
            }
        };
        process.BeginOutputReadLine();
    }

    private void Keep(string line)
    {
        lock (_errors)
        {
            _errors.AppendLine(line);
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public int Id => _process.Id;

    [GeneratedRegex(@"on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingOn();

    /// <summary>Starts <c>fathom serve</c> with <paramref name="arguments"/>, each model call taking <paramref name="delayMs"/>.</summary>
    public static ServeProcess Start(int delayMs, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add(delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new ServeProcess(Process.Start(start)!);
    }

    public async Task<HttpClient> ClientAsync(string key)
    {
        var address = await _address.Task.WaitAsync(TimeSpan.FromSeconds(90));
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    /// <summary>SIGKILL: the process has no chance to store, hand over or say goodbye.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
