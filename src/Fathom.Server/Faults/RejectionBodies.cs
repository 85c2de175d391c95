using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fathom.Server.Faults;

/// <summary>
/// Gives Kestrel's own refusals a body in the protocol's format and one client-error line in the log.
/// Kestrel refuses a request it cannot parse (request line, headers, header timeout) before any
/// middleware runs, with an empty body, and ASP.NET Core has no hook for those answers; this
/// connection middleware, on every endpoint Kestrel opens, rewrites them as they are written
/// (<see cref="RejectionBodyWriter"/>). On an HTTPS endpoint it sees only encrypted bytes and
/// changes nothing there. The path was not read, so the body is always in the DashScope format.
/// </summary>
internal sealed partial class RejectionBodies(ILoggerFactory loggers) : IConfigureOptions<KestrelServerOptions>
{
    private readonly ILogger _log = loggers.CreateLogger<RejectionBodies>();

    public void Configure(KestrelServerOptions options) =>
        options.ConfigureEndpointDefaults(endpoint => endpoint.Use(next => async connection =>
        {
            var transport = connection.Transport;
            connection.Transport = new Pipe(transport.Input, new RejectionBodyWriter(transport.Output, status => LogRefused(_log, status)));
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Transport = transport;
            }
        }));

    [LoggerMessage(Level = LogLevel.Information, Message = "Client error before routing: {Status}, the request could not be read as HTTP (answered with a protocol body)")]
    private static partial void LogRefused(ILogger logger, int status);

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
