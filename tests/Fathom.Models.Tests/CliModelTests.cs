using Fathom.Cli;
using Fathom.Models.Tests.Support;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Tests;

/// <summary>The command line's <c>--model PROVIDER:MODEL</c>, with keys and roles from the environment.</summary>
public sealed class CliModelTests
{
    [Fact]
    public async Task Spec_WithRolesAndKeyFromTheEnvironment_BuildsAWorkingLanguageModel()
    {
        await using var server = await LoopbackServer.StartAsync((http, _) => OpenAIReplies.Completion(http, """{"brief": "b", "outline": ["Money"]}"""));
        var environment = new Dictionary<string, string>
        {
            ["OPENAI_COMPATIBLE_API_KEY"] = "sk-local-key",
            [LanguageModels.ReaderVariable] = $"openai-compatible:small@{server.BaseAddress}v1",
            [LanguageModels.PricesVariable] = "big=1/2",
        };

        var model = new ModelCatalog(spec => LanguageModels.Create(spec, environment.GetValueOrDefault)).Resolve($"openai-compatible:big@{server.BaseAddress}v1");
        var context = Contexts.For();
        var plan = await model.PlanAsync(context, default);

        Assert.True(model.Info.IsLanguageModel);
        Assert.Contains("reader=openai-compatible:small@", model.Info.Name, StringComparison.Ordinal);
        Assert.Equal(["Money"], plan.Outline);
        Assert.Equal("Bearer sk-local-key", Assert.Single(server.Requests).Authorization);
        Assert.True(context.Budget.Spent.Cost > 0);
    }

    [Fact]
    public void Spec_OpenAIWithoutKey_SaysWhichVariableToSet()
    {
        var error = Assert.Throws<ArgumentException>(() => LanguageModels.Create("openai:gpt-4o-mini", _ => null));

        Assert.Contains("OPENAI_API_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spec_GgufFileMissing_SaysWhatToGive()
    {
        var error = Assert.Throws<ArgumentException>(() => LanguageModels.Create("gguf:/nowhere/model.gguf", _ => null));

        Assert.Contains("No GGUF model at '/nowhere/model.gguf'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownModel_ListsTheLanguageModelForms()
    {
        var error = Assert.Throws<ArgumentException>(() => new ModelCatalog().Resolve("gpt4"));

        Assert.Contains("PROVIDER:MODEL", error.Message, StringComparison.Ordinal);
    }
}
