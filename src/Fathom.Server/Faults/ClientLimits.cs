using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Fathom.Server.Faults;

/// <summary>How slowly a client may send or read: applied to Kestrel from <see cref="FathomServerOptions.MinClientDataRate"/>.</summary>
internal sealed class ClientLimits(IOptions<FathomServerOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        ClientDataRate? rate;
        try
        {
            rate = options.Value.MinClientDataRate;
        }
        catch (OptionsValidationException)
        {
            return; // Invalid options stop the server as it starts, with their own message.
        }

        if (rate is null)
        {
            return;
        }

        // Kestrel answers an upload slower than this 408 (in the protocol's format, see
        // ProtocolErrorMiddleware) and drops a reader that takes the stream slower than this.
        var minimum = rate.BytesPerSecond > 0 ? new MinDataRate(rate.BytesPerSecond, rate.GracePeriod) : null;
        kestrel.Limits.MinRequestBodyDataRate = minimum;
        kestrel.Limits.MinResponseDataRate = minimum;
    }
}
