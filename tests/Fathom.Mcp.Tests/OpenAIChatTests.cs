using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using Fathom.Composition;
using Fathom.Mcp.Tests.Support;
using Fathom.Models.Extractive;
using OpenAI;
using OpenAI.Chat;

namespace Fathom.Mcp.Tests;

/// <summary>/v1/chat/completions and /v1/models, driven by the official OpenAI .NET client and read raw.</summary>
public sealed class OpenAIChatTests : IAsyncLifetime
{
    private readonly string _directory = Paths.TempDirectory();
    private EngineHandle? _handle;
    private FathomHost? _host;

    private FathomHost Host => _host!;

    public async Task InitializeAsync()
    {
        ResearchDocuments.WriteCorpus(Path.Combine(_directory, "docs"), "1004305");
        _handle = await EngineFactory.CreateAsync(new EngineOptions { Model = new ExtractiveResearchModel(), CorpusDirectory = Path.Combine(_directory, "docs"), IndexPath = Path.Combine(_directory, "index.db") });
        _host = await FathomHost.StartAsync(_handle.Engine, _handle.Index, rounds: 1);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _handle?.Dispose();
        Paths.TryDelete(_directory);
    }

    private ChatClient Client(string model = "fathom-deep-research") =>
        new(model, new ApiKeyCredential(FathomHost.Key), new OpenAIClientOptions { Endpoint = new Uri(Host.Address, "/v1"), NetworkTimeout = TimeSpan.FromMinutes(2) });

    private static List<ChatMessage> Answered() =>
    [
        new UserChatMessage("why startups fail"),
        new AssistantChatMessage("Which aspects matter most to you?"),
        new UserChatMessage("All of them, for any kind of startup."),
    ];

    [Fact]
    public async Task FirstTurn_ClarifyingQuestionsComeBackAsPlainContent()
    {
        ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("why startups fail")]);

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        var text = Assert.Single(completion.Content).Text;
        Assert.Contains("?", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[[", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answered_NotStreaming_ReportWithUrlCitationAnnotations()
    {
        ChatCompletion completion = await Client().CompleteChatAsync(Answered());

        var text = Assert.Single(completion.Content).Text;
        Assert.Contains("[[1]]", text, StringComparison.Ordinal);
        Assert.NotEmpty(completion.Annotations);
        var urls = ResearchDocuments.All.Select(d => d.Url).ToHashSet(StringComparer.Ordinal);
        Assert.All(completion.Annotations, a =>
        {
            Assert.Contains(a.WebResourceUri.ToString(), urls);
            Assert.Matches(@"^\[\[\d+\]\]$", text[a.StartIndex..a.EndIndex]);
        });
        Assert.True(completion.Usage.TotalTokenCount >= 0);
    }

    [Fact]
    public async Task Answered_Streaming_ContentAndUsageInTheFinalChunk()
    {
        var content = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in Client("fathom-deep-research-summary").CompleteChatStreamingAsync(Answered()))
        {
            foreach (var part in update.ContentUpdate)
            {
                content.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Contains("[[1]]", content.ToString(), StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
    }

    [Fact]
    public async Task Streaming_ChunksParseAsOpenAIFormat_ProgressAsReasoningContent()
    {
        using var client = Host.Client();
        var body = """
            {"model":"fathom-deep-research","stream":true,"stream_options":{"include_usage":true},
             "messages":[{"role":"system","content":"be brief"},{"role":"user","content":"why startups fail"},{"role":"assistant","content":"Which aspects?"},{"role":"user","content":"all"}]}
            """;
        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var data = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Where(f => f.StartsWith("data: ", StringComparison.Ordinal)).Select(f => f[6..]).ToList();
        Assert.Equal("[DONE]", data[^1]);
        var chunks = data[..^1].Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.All(chunks, c =>
        {
            Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString());
            Assert.StartsWith("chatcmpl-", c.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal("fathom-deep-research", c.GetProperty("model").GetString());
            Assert.Equal(JsonValueKind.Number, c.GetProperty("created").ValueKind);
            Assert.Equal(JsonValueKind.Array, c.GetProperty("choices").ValueKind);
        });
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var deltas = chunks.Where(c => c.GetProperty("choices").GetArrayLength() == 1).Select(c => c.GetProperty("choices")[0].GetProperty("delta")).ToList();
        Assert.Contains(deltas, d => d.TryGetProperty("reasoning_content", out var r) && r.GetString()!.Contains("Round 1", StringComparison.Ordinal));
        var withContent = deltas.Single(d => d.TryGetProperty("content", out var c) && c.GetString()!.Length > 0);
        Assert.Contains(withContent.GetProperty("annotations").EnumerateArray(), a => a.GetProperty("type").GetString() == "url_citation");
        Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("total_tokens").GetInt64() >= 0);
    }

    [Fact]
    public async Task Models_ListsBoth()
    {
        using var client = Host.Client();
        using var models = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));

        Assert.Equal("list", models.RootElement.GetProperty("object").GetString());
        Assert.Equal(["fathom-deep-research", "fathom-deep-research-summary"], models.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Errors_InOpenAIShape_ThroughTheOfficialClient()
    {
        var unauthorized = new ChatClient("fathom-deep-research", new ApiKeyCredential("sk-wrong"), new OpenAIClientOptions { Endpoint = new Uri(Host.Address, "/v1") });
        var denied = await Assert.ThrowsAsync<ClientResultException>(() => unauthorized.CompleteChatAsync([new UserChatMessage("q")]));
        Assert.Equal(401, denied.Status);

        var unknown = await Assert.ThrowsAsync<ClientResultException>(() => Client("gpt-4o").CompleteChatAsync([new UserChatMessage("q")]));
        Assert.Equal(404, unknown.Status);
        Assert.Contains("fathom-deep-research", unknown.Message, StringComparison.Ordinal);

        using var client = Host.Client();
        using var bad = await client.PostAsync("/v1/chat/completions", new StringContent("""{"model":"fathom-deep-research","messages":[{"role":"tool","content":"x"}]}""", Encoding.UTF8, "application/json"));
        using var error = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("invalid_request_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("messages[0]", error.RootElement.GetProperty("error").GetProperty("param").GetString());
    }
}
