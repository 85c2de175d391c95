using Fathom.Cli.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Fathom.Server.Tests;

/// <summary>OpenTelemetry in <c>fathom serve</c>: there when a collector is configured, absent otherwise.</summary>
public sealed class ServerTelemetryTests
{
    [Fact]
    public void Add_NoCollectorConfigured_AddsNothing()
    {
        var services = new ServiceCollection();
        Assert.False(ServerTelemetry.Add(services, null, _ => null));
        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData("http://127.0.0.1:4317", null)]
    [InlineData(null, "http://127.0.0.1:4317")]
    public void Add_CollectorFromOptionOrEnvironment_TracesAndMetersFathom(string? option, string? environment)
    {
        var services = new ServiceCollection();
        Assert.True(ServerTelemetry.Add(services, option, name => name == ServerTelemetry.EndpointVariable ? environment : null));
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<TracerProvider>());
        Assert.NotNull(provider.GetService<MeterProvider>());
    }
}
