using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fathom.Server.Faults;

/// <summary>How long and how slowly a client may take: applied to Kestrel from the server options.</summary>
internal static class ClientLimits
{
    public static void Apply(KestrelServerLimits limits, FathomServerOptions options)
    {
        limits.MaxRequestBodySize = options.MaxRequestBytes;
        if (options.MinClientDataRate is { } rate)
        {
            // Kestrel answers an upload slower than this 408 (in the protocol's format, see
            // ProtocolErrorMiddleware) and drops a reader that takes the stream slower than this.
            limits.MinRequestBodyDataRate = rate.BytesPerSecond > 0 ? new MinDataRate(rate.BytesPerSecond, rate.GracePeriod) : null;
            limits.MinResponseDataRate = rate.BytesPerSecond > 0 ? new MinDataRate(rate.BytesPerSecond, rate.GracePeriod) : null;
        }
    }
}
