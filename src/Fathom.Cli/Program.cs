using Fathom.Cli;
using Fathom.Cli.Infrastructure;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C stops the run cleanly (its events are kept); a second one kills the process.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

Spectre.Console.Cli.CommandApp app;
try
{
    app = FathomApp.Create(CliConsole.FromProcess(), TimeProvider.System);
}
catch (ArgumentException ex)
{
    // A bad setting in the environment (FATHOM_LOG_LEVEL): say which and how to fix it.
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    return ExitCodes.Usage;
}

return await app.RunAsync(args, cancellation.Token);
