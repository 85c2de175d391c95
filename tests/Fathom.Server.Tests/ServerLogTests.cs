using System.Net;
using System.Text;
using Fathom.Server.Tests.Support;
using Microsoft.Extensions.Logging.Testing;

namespace Fathom.Server.Tests;

/// <summary>What the server writes to its log, captured at every level from the real server on loopback.</summary>
public sealed class ServerLogTests
{
    private const string Research = """{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"How does teacher feedback affect learning?"}]},"parameters":{"enable_feedback":false}}""";
    private const string WrongKey = "sk-wrong-but-secret-4242";

    [Fact]
    public async Task RunsAndRefusals_LogHoldsNoKey_AndOneRequestLinePerRequest()
    {
        using var logs = new FakeLoggerProvider();
        string runId;
        await using (var server = await TestServer.StartAsync(logs: logs))
        {
            using var wrong = server.NewClient(WrongKey);
            using var anonymous = server.NewClient(null);

            using (var response = await server.Client.SendAsync(TestServer.Generation(Research)))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                runId = response.Headers.GetValues("x-request-id").Single();
                await response.Content.ReadAsStringAsync();
            }

            Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync($"/api/v1/research/{runId}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync($"/api/v1/research/{runId}/events")).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await server.Client.DeleteAsync($"/api/v1/research/{runId}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.SendAsync(TestServer.Generation(Research))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync($"/api/v1/research/{runId}?after=1")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/research/{runId}/events")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/no/such/path")).StatusCode);
            await server.StopAsync();
        }

        var records = logs.Collector.GetSnapshot();
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var text = Flatten(record);
            Assert.DoesNotContain(TestServer.Key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Bearer", text, StringComparison.OrdinalIgnoreCase);
        }

        var lines = records.Where(r => r.Category == "Fathom.Server.Hosting.RequestLogMiddleware").Select(r => r.Message).ToList();
        Assert.Equal(8, lines.Count);
        Assert.Matches(@"^POST /api/v1/services/aigc/text-generation/generation 200 in \d+ ms$", lines[0]);
        Assert.Matches(@"^GET /api/v1/research/\{id\} 200 in \d+ ms$", lines[1]);
        Assert.Matches(@"^GET /api/v1/research/\{id\}/events 200 in \d+ ms$", lines[2]);
        Assert.Matches(@"^DELETE /api/v1/research/\{id\} 409 in \d+ ms$", lines[3]);
        Assert.Matches(@"^POST /api/v1/services/aigc/text-generation/generation 401 in \d+ ms$", lines[4]);
        Assert.Matches(@"^GET /api/v1/research/\{id\} 401 in \d+ ms$", lines[5]);
        Assert.Matches(@"^GET /api/v1/research/\{id\}/events 401 in \d+ ms$", lines[6]);
        Assert.Matches(@"^GET \(no route\) 404 in \d+ ms$", lines[7]);
        Assert.DoesNotContain(lines, l => l.Contains(runId, StringComparison.Ordinal));
    }

    /// <summary>Everything a log record could carry to a sink: message, structured values, scopes and exception.</summary>
    private static string Flatten(FakeLogRecord record)
    {
        var text = new StringBuilder(record.Message);
        foreach (var (key, value) in record.StructuredState ?? [])
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }

        foreach (var scope in record.Scopes)
        {
            text.Append(' ').Append(scope);
            if (scope is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append(' ').Append(key).Append('=').Append(value);
                }
            }
        }

        return text.Append(' ').Append(record.Exception).ToString();
    }
}
