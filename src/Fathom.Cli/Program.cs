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

var app = FathomApp.Create(CliConsole.FromProcess(), TimeProvider.System);
return await app.RunAsync(args, cancellation.Token);
