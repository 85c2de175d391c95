using Fathom.Models.Chat;
using Fathom.Models.Providers;
using Fathom.Models.Tests.Support;
using Fathom.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Fathom.Models.Tests;

public sealed class PartsTests
{
    [Theory]
    [InlineData("openai:gpt-4o-mini", "openai", "gpt-4o-mini", null)]
    [InlineData("openai-compatible:Qwen/Qwen3-8B@http://127.0.0.1:8000/v1", "openai-compatible", "Qwen/Qwen3-8B", "http://127.0.0.1:8000/v1")]
    [InlineData("ollama:qwen3:8b", "ollama", "qwen3:8b", "http://localhost:11434/")]
    [InlineData("ollama:qwen3:8b@http://gpu-box:11434", "ollama", "qwen3:8b", "http://gpu-box:11434/")]
    [InlineData("dashscope:qwen-plus", "dashscope", "qwen-plus", "https://dashscope.aliyuncs.com/compatible-mode/v1")]
    [InlineData("openrouter:meta-llama/llama-3.1-8b-instruct", "openrouter", "meta-llama/llama-3.1-8b-instruct", "https://openrouter.ai/api/v1")]
    [InlineData("gguf:/models/tiny@v1.gguf", "gguf", "/models/tiny@v1.gguf", null)]
    public void ModelSpec_Parses(string text, string provider, string model, string? endpoint)
    {
        var spec = ModelSpec.Parse(text);

        Assert.Equal(provider, spec.Provider);
        Assert.Equal(model, spec.Model);
        Assert.Equal(endpoint, spec.Endpoint?.ToString());
    }

    [Theory]
    [InlineData("gpt-4o-mini", "not a model spec")]
    [InlineData("anthropic:claude", "Unknown model provider 'anthropic'")]
    [InlineData("openai-compatible:qwen3", "names no server")]
    public void ModelSpec_Malformed_SaysWhatIsExpected(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ModelSpec.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("openai-compatible:MODEL@http://HOST:PORT/v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_GgufWithoutInProcessProvider_SaysWhatToDoInstead()
    {
        var error = Assert.Throws<NotSupportedException>(() => new ChatClientFactory().Create("gguf:/models/tiny.gguf"));

        Assert.Contains("llama.cpp's server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PriceTable_MatchesLongestPrefixAndPricesPerMillion()
    {
        var prices = PriceTable.Parse("gpt-4o=2.5/10; gpt-4o-mini=0.15/0.60");

        Assert.Equal(0.15m, prices.Find("gpt-4o-mini-2024-07-18")!.InputPerMillion);
        Assert.Equal(2.5m, prices.Find("gpt-4o-2024-08-06")!.InputPerMillion);
        Assert.Null(prices.Find("qwen3:8b"));
        Assert.Equal(0.75m, prices.Cost("gpt-4o-mini", 1_000_000, 1_000_000));
        Assert.Equal(0m, prices.Cost("local", 1_000_000, 1_000_000));
    }

    [Fact]
    public void PriceTable_BadEntry_NamesIt()
    {
        var error = Assert.Throws<FormatException>(() => PriceTable.Parse("gpt-4o=2.5"));

        Assert.Contains("'gpt-4o=2.5'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<think>plan it</think>\n{\"a\": 1}", "{\"a\": 1}")]
    [InlineData("<THINKING>x</THINKING>answer", "answer")]
    [InlineData("reasoning without an opening tag</think>answer", "answer")]
    [InlineData("<think>ran out of tokens while thinking", "")]
    [InlineData("<think>a</think>one<think>b</think> two", "one two")]
    [InlineData("plain answer", "plain answer")]
    public void ThinkTags_AreStripped(string text, string expected) => Assert.Equal(expected, ThinkTags.Strip(text));

    [Theory]
    [InlineData("Cash runs out.", null)]
    [InlineData("of cash", null)]
    [InlineData("most startups FAIL because they\nrun out of cash", "Most startups fail because they run out of cash")]
    [InlineData("“Founders also fall out with each other.”", "Founders also  fall out with each other.")]
    [InlineData("It’s the “market” – not the product", "It's the \"market\" - not the product")]
    [InlineData("Startups fail because of the weather.", null)]
    [InlineData("Most startups fail … run out of cash.", "Most startups fail")]
    [InlineData("Intro. Most startups ... because they run out of cash", "because they run out of cash")]
    public void QuoteLocator_FindsThePagesExactWords(string quote, string? expected)
    {
        const string Page = "Intro. Most startups fail because they run out of cash. Founders also  fall out with each other. It's the \"market\" - not the product.";

        var located = QuoteLocator.Locate(Page, quote);

        if (expected is null)
        {
            Assert.Null(located);
            return;
        }

        Assert.NotNull(located);
        Assert.Equal(expected, located.Value.Text);
        Assert.Equal(Page.IndexOf(expected, StringComparison.Ordinal), located.Value.Start);
    }

    [Theory]
    [InlineData("为什么创业公司会失败？", "Chinese")]
    [InlineData("なぜスタートアップは失敗するのか", "Japanese")]
    [InlineData("스타트업은 왜 실패하나요?", "Korean")]
    [InlineData("Почему стартапы терпят неудачу?", "Russian")]
    [InlineData("why startups fail", null)]
    [InlineData("Pourquoi les startups échouent-elles ?", null)]
    public void ReportLanguage_DetectsNonLatinScripts(string question, string? expected) =>
        Assert.Equal(expected, ReportLanguage.Detect(question));

    [Fact]
    public void Roles_FromServices_UseKeyedClientsAndFallBackToTheDefault()
    {
        var planner = new ScriptedChatClient(_ => ScriptedChatClient.Reply("p"));
        var fallback = new ScriptedChatClient(_ => ScriptedChatClient.Reply("d"));
        var services = new ServiceCollection();
        services.AddKeyedChatClient(ChatModelRoles.PlannerKey, planner);
        services.AddChatClient(fallback);
        using var provider = services.BuildServiceProvider();

        var roles = ChatModelRoles.FromServices(provider);

        Assert.Same(planner, roles.Planner.GetService<ScriptedChatClient>());
        Assert.Same(fallback, roles.Reader.GetService<ScriptedChatClient>());
        Assert.Same(fallback, roles.Writer.GetService<ScriptedChatClient>());
    }

    [Fact]
    public void Roles_FromServices_NothingRegistered_SaysHowToRegister()
    {
        using var provider = new ServiceCollection().BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => ChatModelRoles.FromServices(provider));

        Assert.Contains("AddKeyedChatClient(\"planner\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_Info_IsALanguageModelWithItsName()
    {
        var model = new ChatResearchModel(ChatModelRoles.Shared(new ScriptedChatClient(_ => ScriptedChatClient.Reply(""))), new ChatModelOptions { Name = "openai:gpt-4o-mini" });

        Assert.Equal(new Fathom.Research.ModelInfo("openai:gpt-4o-mini", true, false), model.Info);
    }

    [Fact]
    public async Task Services_AddChatResearchModel_BuildsOneClientPerDistinctSpec()
    {
        await using var server = await LoopbackServer.StartAsync((http, _) => OpenAIReplies.Completion(http, """{"brief": "b", "outline": ["o"]}"""));
        var specs = new ChatModelSpecs($"openai-compatible:big@{server.BaseAddress}v1", Reader: $"openai-compatible:small@{server.BaseAddress}v1");
        var services = new ServiceCollection().AddChatResearchModel(specs);
        using var provider = services.BuildServiceProvider();

        var model = provider.GetRequiredService<Fathom.Research.IResearchModel>();
        await model.PlanAsync(Contexts.For(), default);

        Assert.Same(provider.GetRequiredKeyedService<IChatClient>("planner"), provider.GetRequiredKeyedService<IChatClient>("writer"));
        Assert.NotSame(provider.GetRequiredKeyedService<IChatClient>("planner"), provider.GetRequiredKeyedService<IChatClient>("reader"));
        Assert.StartsWith("planner=openai-compatible:big@", model.Info.Name, StringComparison.Ordinal);
        Assert.Contains("\"model\":\"big\"", Assert.Single(server.Requests).Body, StringComparison.Ordinal);
    }
}
