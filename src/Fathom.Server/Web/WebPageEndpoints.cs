using Fathom.Reports;
using Fathom.Research;
using Fathom.Server.Auth;
using Fathom.Server.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fathom.Server.Web;

/// <summary>
/// The web page at <c>/</c> (static files embedded in this assembly, so the server still runs from
/// one binary) and <c>/healthz</c>, both open, and the run-API endpoints the page uses, behind
/// <see cref="ApiKeyDefaults.CallerPolicy"/> like the rest of the run API.
/// </summary>
public static class WebPageEndpoints
{
    private static readonly Dictionary<string, (string Resource, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["/"] = ("index.html", "text/html; charset=utf-8"),
        ["/page/app.js"] = ("app.js", "text/javascript; charset=utf-8"),
        ["/page/app.css"] = ("app.css", "text/css; charset=utf-8"),
    };

    /// <summary>Registers what the page's endpoints need (plan reviews, the report exporter).</summary>
    public static IServiceCollection AddWebPage(this IServiceCollection services, string? chromiumPath = null)
    {
        services.AddSingleton<PlanReviews>();
        services.AddSingleton(new ReportExporter(chromiumPath));
        services.AddSingleton<ResearchApiEndpoints>();
        return services;
    }

    /// <summary>Maps <c>/</c>, its assets, <c>/healthz</c> and the page's run-API endpoints.</summary>
    public static IEndpointRouteBuilder MapWebPage(this IEndpointRouteBuilder app)
    {
        foreach (var (path, (resource, type)) in Files)
        {
            var bytes = Load(resource);
            app.MapGet(path, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-cache";
                context.Response.Headers["X-Content-Type-Options"] = "nosniff";
                if (path == "/")
                {
                    // The page runs only its own script; reports and sources never run code in it.
                    context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' https: http: data: blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
                }

                return Results.Bytes(bytes, type);
            }).ExcludeFromDescription();
        }

        var reportStyles = System.Text.Encoding.UTF8.GetBytes(HtmlExport.Styles);
        app.MapGet("/page/report.css", () => Results.Bytes(reportStyles, "text/css; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/healthz", (ResearchEngine engine) => Results.Json(new HealthView("ok", engine.Model.Info.Name), PageJsonContext.Default.HealthView));

        // Handlers are resolved per request, as the other surfaces do: the options are validated when the server starts.
        var api = app.MapGroup(RunEndpoints.Prefix)
            .RequireAuthorization(ApiKeyDefaults.CallerPolicy)
            .WithMetadata(ApiKeyChallenge.DashScopeJson);
        api.MapGet("", (HttpContext c, ResearchApiEndpoints e) => e.ListAsync(c));
        api.MapPost("", (HttpContext c, ResearchApiEndpoints e) => e.StartAsync(c));
        api.MapPost("/{id}/answer", (HttpContext c, string id, ResearchApiEndpoints e) => e.AnswerAsync(c, id));
        api.MapGet("/{id}/plan", (HttpContext c, string id, ResearchApiEndpoints e) => e.GetPlanAsync(c, id));
        api.MapPost("/{id}/plan", (HttpContext c, string id, ResearchApiEndpoints e) => e.ReviewPlanAsync(c, id));
        api.MapGet("/{id}/report", (HttpContext c, string id, ResearchApiEndpoints e) => e.ReportAsync(c, id));
        api.MapGet("/{id}/export", (HttpContext c, string id, ResearchApiEndpoints e) => e.ExportAsync(c, id));
        api.MapDelete("/{id}/record", (HttpContext c, string id, ResearchApiEndpoints e) => e.DeleteAsync(c, id));
        return app;
    }

    private static byte[] Load(string name)
    {
        var assembly = typeof(WebPageEndpoints).Assembly;
        using var stream = assembly.GetManifestResourceStream("Fathom.Server.Web.Page." + name)
            ?? throw new InvalidOperationException($"The page asset '{name}' is not embedded in {assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
