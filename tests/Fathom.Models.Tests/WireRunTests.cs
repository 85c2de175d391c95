using System.Text.Json;
using Fathom.Events;
using Fathom.Models;
using Fathom.Models.Chat;
using Fathom.Models.Providers;
using Fathom.Models.Tests.Support;
using Fathom.Research;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Tests;

/// <summary>
/// A whole run whose model calls all go over HTTP: the engine, the research model, the provider
/// pipeline and the OpenAI SDK against a loopback server that answers like a careful model.
/// </summary>
public sealed class WireRunTests
{
    [Fact]
    public async Task Run_OverAnOpenAICompatibleServer_WritesAVerifiedReport()
    {
        var script = new ResearchScript();
        var perStage = new Dictionary<string, int>();
        await using var server = await LoopbackServer.StartAsync((http, n) =>
        {
            if (n == 2)
            {
                return OpenAIReplies.Error(http, 503, "warming up"); // one transient failure on the way
            }

            var answer = script.Respond(ToCall((string)http.Items["body"]!, perStage));
            return OpenAIReplies.Completion(http, answer.Text, promptTokens: 900, completionTokens: 120);
        });
        var client = new ChatClientFactory().Create(
            $"openai-compatible:wire-model@{server.BaseAddress}v1",
            new ModelProviderOptions { Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10) } });
        var library = Runs.Startups();

        var events = await Runs.RunAsync(FallbackResearchModel.OverExtractive(new ChatResearchModel(ChatModelRoles.Shared(client), new ChatModelOptions { Name = "openai-compatible:wire-model" })), library, Runs.Request());

        var result = ResearchResult.Fold(events);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.DoesNotContain(events, e => e is ModelAnswerRejected);
        var report = events.OfType<ReportWritten>().Single();
        Assert.NotEmpty(report.References);
        Assert.All(report.References, r => Assert.All(r.Quotes, q => Assert.Contains(q, library.TextOf(r.Url), StringComparison.Ordinal)));
        Assert.Equal(0, report.Verification.UnresolvedDropped);
        Assert.Equal("the outline is covered", events.OfType<ResearchFinished>().Single().StopReason);
        var answered = server.Requests.Count - 1;
        Assert.Equal(answered * 1_020L, result.Usage.TotalTokens);
    }

    /// <summary>Reads a chat-completions request back into the call the script answers.</summary>
    private static ScriptedCall ToCall(string body, Dictionary<string, int> perStage)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var messages = root.GetProperty("messages").EnumerateArray()
            .Select(m => new ChatMessage(new ChatRole(m.GetProperty("role").GetString()!), Text(m.GetProperty("content"))))
            .ToList();
        var options = new ChatOptions();
        if (root.TryGetProperty("response_format", out var format) && format.TryGetProperty("json_schema", out var schema))
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.GetProperty("schema").Clone(), schema.GetProperty("name").GetString());
        }

        var stage = ScriptedChatClient.Stage(options);
        lock (perStage)
        {
            perStage[stage] = perStage.GetValueOrDefault(stage) + 1;
            return new ScriptedCall(messages, options, perStage[stage]);
        }
    }

    private static string Text(JsonElement content) => content.ValueKind == JsonValueKind.String
        ? content.GetString()!
        : string.Concat(content.EnumerateArray().Where(p => p.TryGetProperty("text", out _)).Select(p => p.GetProperty("text").GetString()));
}
