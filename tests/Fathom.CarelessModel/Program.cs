using System.Globalization;
using Fathom.CarelessModel;

// Serves the careless model until stopped: --seed N, --port P (0 picks a free one), --careful.
var seed = 1;
var port = 0;
var care = new Carelessness();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seed" when i + 1 < args.Length:
            seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--port" when i + 1 < args.Length:
            port = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--careful":
            care = Carelessness.None;
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}': use --seed N, --port P, --careful");
            return 2;
    }
}

await using var server = await CarelessModelServer.StartAsync(care with { Seed = seed }, port);
Console.WriteLine(server.BaseAddress);
// The host's console lifetime takes SIGTERM and Ctrl-C and signals Stopping; waiting on it ends the
// server cleanly, with its fault counts on stderr.
try
{
    await Task.Delay(Timeout.Infinite, server.Stopping);
}
catch (OperationCanceledException)
{
}

Console.Error.WriteLine(string.Join(", ", server.Faults.Select(f => $"{f.Key}: {f.Value}")));
return 0;
