using Fathom.Models.Providers;

namespace Fathom.Models.Tests;

/// <summary>What a careless server sends is made one completion, or fails with a message that says what was wrong.</summary>
public sealed class AnswerBodyTests
{
    private const string Chunk = """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hello "},"finish_reason":null}]}""";
    private const string Last = """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"world"},"finish_reason":"stop"}]}""";

    [Fact]
    public void EventStreamToAPlainRequest_IsFoldedIntoOneCompletion()
    {
        var completion = AnswerBody.ToCompletion($"{Chunk}\n\n{Last}\n\ndata: [DONE]\n\n");

        Assert.Equal("Hello world", completion["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal("stop", completion["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public void EventStreamWithoutDone_ButFinished_IsAccepted() =>
        Assert.Equal("Hello world", AnswerBody.ToCompletion($"{Chunk}\n\n{Last}\n\n")["choices"]![0]!["message"]!["content"]!.GetValue<string>());

    [Theory]
    [InlineData("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel", "cut off in the middle of an event")]
    [InlineData("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n", "ended before its last event")]
    [InlineData("{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hel", "not complete JSON")]
    [InlineData("upstream model crashed; please retry", "neither a chat completion")]
    [InlineData("", "empty")]
    public void BrokenBodies_FailWithAClearRetryableMessage(string body, string says)
    {
        var failure = Assert.Throws<ModelAnswerUnreadableException>(() => AnswerBody.ToCompletion(body));

        Assert.Contains(says, failure.Message, StringComparison.Ordinal);
        Assert.True(ProviderFailure.IsTransient(failure));
        Assert.Equal(failure.Message, ProviderFailure.Describe(new System.ClientModel.ClientResultException("wrapped", innerException: failure)));
    }
}
