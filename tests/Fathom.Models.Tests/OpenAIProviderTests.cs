using System.Diagnostics;
using System.Text.Json;
using Fathom.Models.Chat;
using Fathom.Models.Providers;
using Fathom.Models.Tests.Support;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Tests;

/// <summary>The OpenAI-compatible provider against a Kestrel loopback server replaying chat-completions responses.</summary>
public sealed class OpenAIProviderTests
{
    private const string Secret = "sk-test-SECRET-0123456789";

    private static readonly RetryOptions FastRetries = new() { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) };

    private static IChatClient Client(LoopbackServer server, ModelProviderOptions? options = null) =>
        new ChatClientFactory().Create($"openai-compatible:test-model@{server.BaseAddress}v1", options ?? new ModelProviderOptions { Retry = FastRetries });

    [Fact]
    public async Task Plan_OverTheWire_SendsTheJsonSchemaAndRecordsUsage()
    {
        await using var server = await LoopbackServer.StartAsync((http, _) =>
            OpenAIReplies.Completion(http, """{"brief": "Reasons startups fail.", "outline": ["Money", "Market"]}""", promptTokens: 321, completionTokens: 45));
        var model = new ChatResearchModel(ChatModelRoles.Shared(Client(server)), new ChatModelOptions { Prices = PriceTable.Parse("test-model=1/2") });
        var context = Contexts.For();

        var plan = await model.PlanAsync(context, default);

        Assert.Equal(["Money", "Market"], plan.Outline);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("test-model", body.RootElement.GetProperty("model").GetString());
        var format = body.RootElement.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("research_plan", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("schema").GetProperty("properties").TryGetProperty("outline", out _));
        Assert.Equal(321, context.Budget.Spent.InputTokens);
        Assert.Equal(45, context.Budget.Spent.OutputTokens);
        Assert.Equal(((321 * 1m) + (45 * 2m)) / 1_000_000m, context.Budget.Spent.Cost);
    }

    [Fact]
    public async Task JsonSchemaRefused_FallsBackToJsonModeAndRemembersIt()
    {
        await using var server = await LoopbackServer.StartAsync((http, _) =>
            ((string)http.Items["body"]!).Contains("json_schema", StringComparison.Ordinal)
                ? OpenAIReplies.Error(http, 400, "response_format json_schema is not supported by this model")
                : OpenAIReplies.Completion(http, """{"brief": "Reasons startups fail.", "outline": ["Money"]}"""));
        var model = new ChatResearchModel(ChatModelRoles.Shared(Client(server)));
        var context = Contexts.For();

        var first = await model.PlanAsync(context, default);
        var second = await model.PlanAsync(context, default);

        Assert.Equal(["Money"], first.Outline);
        Assert.Equal(["Money"], second.Outline);
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("\"json_object\"", server.Requests[1].Body, StringComparison.Ordinal);
        Assert.Contains("\"json_object\"", server.Requests[2].Body, StringComparison.Ordinal);
        Assert.Empty(context.DrainRejections());
    }

    [Fact]
    public async Task Response_429WithRetryAfter_WaitsAsAskedThenSucceeds()
    {
        await using var server = await LoopbackServer.StartAsync((http, n) => n == 1
            ? OpenAIReplies.Error(http, 429, "Rate limit reached", retryAfter: "1")
            : OpenAIReplies.Completion(http, "hello"));
        var watch = Stopwatch.StartNew();

        var response = await Client(server).GetResponseAsync("hi");

        Assert.Equal("hello", response.Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"waited only {watch.Elapsed}");
    }

    [Fact]
    public async Task Response_RetryAfterLongerThanAllowed_IsNotWaitedFor()
    {
        await using var server = await LoopbackServer.StartAsync((http, _) => OpenAIReplies.Error(http, 429, "Come back tomorrow", retryAfter: "86400"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Client(server).GetResponseAsync("hi"));

        Assert.Equal(429, ProviderFailure.StatusOf(error));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Response_500Storm_GivesUpAfterTheRetries()
    {
        await using var server = await LoopbackServer.StartAsync((http, _) => OpenAIReplies.Error(http, 503, "overloaded"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Client(server).GetResponseAsync("hi"));

        Assert.Equal(503, ProviderFailure.StatusOf(error));
        Assert.Equal(1 + FastRetries.MaxRetries, server.Requests.Count);
    }

    [Fact]
    public async Task Response_400_IsNotRetried()
    {
        await using var server = await LoopbackServer.StartAsync((http, _) => OpenAIReplies.Error(http, 400, "bad request"));

        await Assert.ThrowsAnyAsync<Exception>(() => Client(server).GetResponseAsync("hi"));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Stream_500BeforeAnyOutput_IsRetried()
    {
        await using var server = await LoopbackServer.StartAsync(async (http, n) =>
        {
            if (n == 1)
            {
                await OpenAIReplies.Error(http, 500, "internal error");
                return;
            }

            await OpenAIReplies.StreamStart(http);
            await OpenAIReplies.Chunk(http, "Hel");
            await OpenAIReplies.Chunk(http, "lo", finish: "stop");
            await OpenAIReplies.Done(http);
        });

        var text = "";
        await foreach (var update in Client(server).GetStreamingResponseAsync("hi"))
        {
            text += update.Text;
        }

        Assert.Equal("Hello", text);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(OpenAIReplies.IsStreaming(server.Requests[0].Body));
    }

    [Fact]
    public async Task Stream_FailsAfterOutputReachedTheCaller_IsNotRetried()
    {
        var firstUpdateSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (http, n) =>
        {
            if (n > 1)
            {
                await OpenAIReplies.Completion(http, "a second answer that must never be asked for");
                return;
            }

            await OpenAIReplies.StreamStart(http);
            await OpenAIReplies.Chunk(http, "Partial answer");
            await firstUpdateSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
            http.Abort(); // The server dies mid-stream, once the caller has the start of the answer.
        });
        var received = new List<string>();

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in Client(server).GetStreamingResponseAsync("hi"))
            {
                received.Add(update.Text);
                firstUpdateSeen.TrySetResult();
            }
        });

        Assert.Contains("Partial answer", received);
        Assert.Single(server.Requests);
        Assert.True(ProviderFailure.IsTransient(error), $"a dropped stream is transient, yet must not be retried: {error.GetType().Name}");
    }

    [Fact]
    public async Task Errors_EchoingTheKey_NeverCarryIt()
    {
        await using var server = await LoopbackServer.StartAsync((http, _) =>
            OpenAIReplies.Error(http, 401, "Incorrect API key provided: " + http.Request.Headers.Authorization.ToString()["Bearer ".Length..]));
        using var logs = new CapturingLoggerProvider();
        var options = new ModelProviderOptions
        {
            ApiKeys = new Dictionary<string, ApiKey> { ["openai-compatible"] = new(Secret) },
            LoggerFactory = logs.Factory(),
            Retry = FastRetries,
        };
        var client = Client(server, options);

        var direct = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("hi"));
        var model = new ChatResearchModel(ChatModelRoles.Shared(client));
        var fault = await Assert.ThrowsAsync<ModelProviderException>(() => model.PlanAsync(Contexts.For(), default));

        Assert.Equal("Bearer " + Secret, server.Requests[0].Authorization);
        Assert.Equal(401, ProviderFailure.StatusOf(direct));
        Assert.DoesNotContain(Secret, direct.ToString(), StringComparison.Ordinal);
        Assert.Contains("[redacted]", direct.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, fault.ToString(), StringComparison.Ordinal);
        Assert.Contains("check the API key", fault.Message, StringComparison.Ordinal);
        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, line => Assert.DoesNotContain(Secret, line, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        Assert.Equal("[redacted]", options.ApiKeys["openai-compatible"].ToString());
    }

    [Fact]
    public async Task UnknownModel_FailsTheRunWithAdvice()
    {
        await using var server = await LoopbackServer.StartAsync((http, _) => OpenAIReplies.Error(http, 404, "The model `test-model` does not exist"));
        var model = new ChatResearchModel(ChatModelRoles.Shared(Client(server)));

        var fault = await Assert.ThrowsAsync<ModelProviderException>(() => model.PlanAsync(Contexts.For(), default));

        Assert.Contains("check the model name and the endpoint URL", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenAI_WithoutKey_SaysWhereToPutIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ChatClientFactory().Create("openai:gpt-4o-mini"));

        Assert.Contains("OPENAI_API_KEY", error.Message, StringComparison.Ordinal);
    }
}
