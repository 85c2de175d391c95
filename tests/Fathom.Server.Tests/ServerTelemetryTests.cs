using System.Collections.Concurrent;
using System.Text;
using Fathom.Cli.Infrastructure;
using Fathom.Diagnostics;
using Fathom.Events;
using Fathom.Research;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
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

    [Fact]
    public async Task Add_WithACollector_ExportsFathomSpansAndMetricsOverOtlp()
    {
        // A collector stand-in: it accepts OTLP/HTTP posts and keeps their protobuf bodies.
        var received = new ConcurrentDictionary<string, ConcurrentBag<byte[]>>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.GetOrAdd(signal, _ => []).Add(body.ToArray());
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Urls.Single();

        var services = new ServiceCollection();
        Assert.True(ServerTelemetry.Add(services, endpoint, name => name == ServerTelemetry.ProtocolVariable ? "http/protobuf" : null));
        await using (var provider = services.BuildServiceProvider())
        {
            _ = provider.GetRequiredService<TracerProvider>();
            _ = provider.GetRequiredService<MeterProvider>();
            using (FathomTelemetry.StartRun("run-otlp-1"))
            {
                FathomTelemetry.Observe(new RunStarted("q", new ResearchLimits(), "extractive") { RunId = "run-otlp-1" });
            }
        }

        // Disposing the providers flushes both exporters to the collector.
        Assert.True(Exported("traces", "fathom.run"), "no fathom.run span reached the collector");
        Assert.True(Exported("traces", "run-otlp-1"), "the run span lacks its run id");
        Assert.True(Exported("metrics", "fathom.runs.started"), "no fathom.runs.started metric reached the collector");

        bool Exported(string signal, string text) =>
            received.TryGetValue(signal, out var bodies) && bodies.Any(b => b.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0);
    }
}
