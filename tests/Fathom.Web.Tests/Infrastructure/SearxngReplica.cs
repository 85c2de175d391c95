using System.Text.Json;
using Fathom.Text;
using Microsoft.AspNetCore.Http;

namespace Fathom.Web.Tests.Infrastructure;

/// <summary>A page the replica can find: where it is served, its title and the text it is found by.</summary>
public sealed record IndexedPage(Uri Url, string Title, string Text);

/// <summary>
/// A loopback stand-in for a SearXNG instance: answers <c>/search?q=…&amp;format=json</c> in SearXNG's
/// JSON format, ranking its pages by how many of the query's words they contain.
/// </summary>
public static class SearxngReplica
{
    public static Func<HttpContext, Task> Handler(IReadOnlyList<IndexedPage> pages, IReadOnlyList<IndexedPage>? alwaysFirst = null) => async ctx =>
    {
        var query = ctx.Request.Query["q"].ToString();
        var terms = Words.ContentTokens(query).ToHashSet(StringComparer.Ordinal);
        var ranked = pages
            .Select(p => (Page: p, Score: Words.ContentTokens(p.Title + " " + p.Text).Where(terms.Contains).Distinct().Count()
                + 0.001 * Words.ContentTokens(p.Text).Count(terms.Contains)))
            .Where(r => r.Score >= 1)
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Page.Url.AbsoluteUri, StringComparer.Ordinal)
            .Take(10)
            .ToList();
        var results = (alwaysFirst ?? []).Select(p => (Page: p, Score: 9.0)).Concat(ranked);

        ctx.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(ctx.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("query", query);
        writer.WriteNumber("number_of_results", 0);
        writer.WriteStartArray("results");
        foreach (var (page, score) in results)
        {
            writer.WriteStartObject();
            writer.WriteString("url", page.Url.AbsoluteUri);
            writer.WriteString("title", page.Title);
            writer.WriteString("content", page.Text.Length > 200 ? page.Text[..200] : page.Text);
            writer.WriteString("engine", "replica");
            writer.WriteStartArray("engines");
            writer.WriteStringValue("replica");
            writer.WriteEndArray();
            writer.WriteNumber("score", score);
            writer.WriteString("category", "general");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("answers");
        writer.WriteEndArray();
        writer.WriteStartArray("suggestions");
        writer.WriteEndArray();
        writer.WriteStartArray("unresponsive_engines");
        writer.WriteEndArray();
        writer.WriteEndObject();
    };
}
