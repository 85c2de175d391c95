using Fathom.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fathom.Cli.Infrastructure;

/// <summary>
/// OpenTelemetry for <c>fathom serve</c>: Fathom's spans and metrics (<see cref="FathomTelemetry.Name"/>) and
/// ASP.NET Core's, exported over OTLP when a collector is configured (<c>--otlp-endpoint</c> or the
/// standard <c>OTEL_EXPORTER_OTLP_*</c> variables). With none configured nothing is collected.
/// </summary>
public static class ServerTelemetry
{
    /// <summary>The standard variable naming the collector.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The standard variable naming the protocol (<c>grpc</c>, the default, or <c>http/protobuf</c>).</summary>
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>Adds OpenTelemetry when a collector is configured; true when it did.</summary>
    public static bool Add(IServiceCollection services, string? endpoint, Func<string, string?> environment)
    {
        var fromEnvironment = environment(EndpointVariable);
        if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return false;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("fathom", serviceVersion: FathomVersion.Current))
            .WithTracing(t => t.AddSource(FathomTelemetry.Name).AddAspNetCoreInstrumentation())
            .WithMetrics(m => m.AddMeter(FathomTelemetry.Name).AddAspNetCoreInstrumentation());
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL and _HEADERS itself.
            telemetry.UseOtlpExporter();
        }
        else
        {
            var protocol = environment(ProtocolVariable) is "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            telemetry.UseOtlpExporter(protocol, new Uri(endpoint));
        }

        return true;
    }
}
