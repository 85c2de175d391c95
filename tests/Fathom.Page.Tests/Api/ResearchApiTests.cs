using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fathom.Page.Tests.Support;

namespace Fathom.Page.Tests.Api;

/// <summary>The run-API endpoints the page uses, over HTTP on loopback: errors in words, plan review, lists, exports, deletion.</summary>
public sealed class ResearchApiTests : IAsyncLifetime
{
    private PageServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await PageServer.StartAsync(searchDelay: TimeSpan.FromMilliseconds(200));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Healthz_AnswersWithoutAKey()
    {
        using var anonymous = new HttpClient { BaseAddress = _server.Address };
        var response = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("extractive", body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Page_IsServedFromTheAssembly_WithAStrictContentSecurityPolicy()
    {
        using var anonymous = new HttpClient { BaseAddress = _server.Address };
        var page = await anonymous.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("/page/app.js", html, StringComparison.Ordinal);
        Assert.Contains("fetch(", await anonymous.GetStringAsync("/page/app.js"), StringComparison.Ordinal);
        Assert.Contains(".fathom-report", await anonymous.GetStringAsync("/page/report.css"), StringComparison.Ordinal);
        Assert.Contains("prefers-color-scheme:dark", await anonymous.GetStringAsync("/page/app.css"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WithoutAKey_IsRefusedInTheApisOwnErrorFormat()
    {
        using var anonymous = new HttpClient { BaseAddress = _server.Address };
        var response = await anonymous.GetAsync("/api/v1/research");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("InvalidApiKey", body.GetProperty("code").GetString());
        Assert.Contains("Bearer", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutAQuestion_SaysWhatIsMissing()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/research", new { question = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("InvalidParameter", body.GetProperty("code").GetString());
        Assert.Contains("\"question\" is missing or empty", body.GetProperty("message").GetString(), StringComparison.Ordinal);

        var image = await Client.PostAsJsonAsync("/api/v1/research", new { question = "q", images = new[] { "ftp://x/y.png" } });
        Assert.Equal(HttpStatusCode.BadRequest, image.StatusCode);
        Assert.Contains("images[0]", await image.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewPlan_WaitsForApproval_ThenResearchesTheEditedOutline()
    {
        var id = await StartAsync(new { question = TopicCorpus.Question, clarify = false, review_plan = true });
        var plan = await WaitForAsync(async () =>
        {
            var p = JsonDocument.Parse(await Client.GetStringAsync($"/api/v1/research/{id}/plan")).RootElement;
            return p.GetProperty("waiting").GetBoolean() ? p : (JsonElement?)null;
        });
        Assert.NotEmpty(plan.GetProperty("outline").EnumerateArray());
        await Task.Delay(500);
        Assert.DoesNotContain(await EventTypesAsync(id), t => t == "round_started");

        var empty = await Client.PostAsJsonAsync($"/api/v1/research/{id}/plan", new { outline = new[] { " ", "" } });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("keep at least one", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var approved = await Client.PostAsJsonAsync($"/api/v1/research/{id}/plan", new { outline = new[] { "Noise", "Running costs", "noise" } });
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        await WaitForStatusAsync(id, "completed");

        var events = await EventsAsync(id);
        var decided = events.Single(e => e.GetProperty("type").GetString() == "plan_approved");
        Assert.Equal(["Noise", "Running costs"], decided.GetProperty("outline").EnumerateArray().Select(s => s.GetString()));
        Assert.True(decided.GetProperty("edited").GetBoolean());
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.True(types.IndexOf("plan_approved") < types.IndexOf("round_started"));
        var report = JsonDocument.Parse(await Client.GetStringAsync($"/api/v1/research/{id}")).RootElement.GetProperty("report").GetString()!;
        Assert.Contains("## Noise", report, StringComparison.Ordinal);

        var late = await Client.PostAsJsonAsync($"/api/v1/research/{id}/plan", new { });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("not waiting for its plan", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewPlan_CancelledWhileWaiting_EndsCancelled()
    {
        var id = await StartAsync(new { question = TopicCorpus.Question, clarify = false, review_plan = true });
        await WaitForAsync(async () => JsonDocument.Parse(await Client.GetStringAsync($"/api/v1/research/{id}/plan")).RootElement.GetProperty("waiting").GetBoolean() ? true : (bool?)null);
        var cancel = await Client.DeleteAsync($"/api/v1/research/{id}");
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await WaitForStatusAsync(id, "cancelled");
    }

    [Fact]
    public async Task Answer_StartsTheResearchWithTheAnswers_AndWithoutAsking()
    {
        var id = await StartAsync(new { question = TopicCorpus.Question });
        await WaitForStatusAsync(id, "needs_clarification");
        var next = await Client.PostAsJsonAsync($"/api/v1/research/{id}/answer", new { answer = "" });
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
        var nextId = JsonDocument.Parse(await next.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.NotEqual(id, nextId);
        await WaitForStatusAsync(nextId, "completed");
        Assert.DoesNotContain(await EventTypesAsync(nextId), t => t == "clarification_requested");

        var again = await Client.PostAsJsonAsync($"/api/v1/research/{nextId}/answer", new { answer = "x" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task List_Export_AndDelete_KeepToTheCallersOwnRuns()
    {
        var id = await StartAsync(new { question = TopicCorpus.Question, clarify = false });
        var early = await Client.GetAsync($"/api/v1/research/{id}/export?format=pdf");
        Assert.True(early.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.OK);
        await WaitForStatusAsync(id, "completed");

        var list = JsonDocument.Parse(await Client.GetStringAsync("/api/v1/research")).RootElement.GetProperty("runs");
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("id").GetString() == id && r.GetProperty("has_report").GetBoolean());

        using var other = new HttpClient { BaseAddress = _server.Address };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PageServer.OtherKey);
        Assert.Empty(JsonDocument.Parse(await other.GetStringAsync("/api/v1/research")).RootElement.GetProperty("runs").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/research/{id}/export?format=md")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/research/{id}/record")).StatusCode);

        var bad = await Client.GetAsync($"/api/v1/research/{id}/export?format=odt");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("md, html, pdf, docx, pptx", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var docx = await Client.GetAsync($"/api/v1/research/{id}/export?format=docx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        Assert.Equal("how-do-heat-pumps-work-and-what-do-they-cost.docx", docx.Content.Headers.ContentDisposition!.FileName!.Trim('"'));

        var report = JsonDocument.Parse(await Client.GetStringAsync($"/api/v1/research/{id}/report")).RootElement;
        Assert.Equal("How do heat pumps work and what do they cost?", report.GetProperty("title").GetString());
        Assert.Contains("class=\"cite\"", report.GetProperty("html").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/v1/research/{id}/record")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/research/{id}")).StatusCode);
        Assert.Empty(await EventsAsync(id, expectMissing: true));
    }

    private async Task<string> StartAsync(object body)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/research", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/research/{id}/events", response.Headers.Location!.ToString());
        return id;
    }

    private async Task WaitForStatusAsync(string id, string status) =>
        await WaitForAsync(async () => JsonDocument.Parse(await Client.GetStringAsync($"/api/v1/research/{id}")).RootElement.GetProperty("status").GetString() == status ? true : (bool?)null);

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : struct
    {
        for (var i = 0; i < 300; i++)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The run did not get there within 30 seconds.");
    }

    private async Task<List<string?>> EventTypesAsync(string id) => [.. (await EventsAsync(id)).Select(e => e.GetProperty("type").GetString())];

    /// <summary>The stored events so far (the stream ends at once for a run that is not live; a live one is read for a moment).</summary>
    private async Task<List<JsonElement>> EventsAsync(string id, bool expectMissing = false)
    {
        using var cut = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var events = new List<JsonElement>();
        try
        {
            using var response = await Client.GetAsync($"/api/v1/research/{id}/events", HttpCompletionOption.ResponseHeadersRead, cut.Token);
            if (expectMissing)
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                return events;
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cut.Token));
            while (await reader.ReadLineAsync(cut.Token) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    events.Add(JsonDocument.Parse(line[5..]).RootElement.Clone());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return events;
    }
}
