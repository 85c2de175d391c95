using System.Buffers;
using System.Text;
using CsCheck;
using Fathom.Server.DashScope;
using Fathom.Server.Tests.Support;

namespace Fathom.Server.Tests.Properties;

/// <summary>Whatever text a run produces, every frame the encoder writes passes the strict parser and carries the text back.</summary>
public sealed class FrameWriterProperties
{
    private static readonly Gen<string> AnyText = Gen.OneOf(Gen.String, HostileRequests.Text, Gen.String[Gen.Char, 0, 200]);

    private static readonly Gen<DashScopeChunk> Chunk =
        Gen.Select(
            Gen.OneOfConst(DashScopePhase.Answer, DashScopePhase.ResearchPlanning, DashScopePhase.WebResearch, DashScopePhase.KeepAlive),
            Gen.OneOfConst(DashScopeStatus.Typing, DashScopeStatus.Finished, DashScopeStatus.StreamingQueries, DashScopeStatus.StreamingWebResult),
            AnyText,
            Gen.Select(AnyText, AnyText, AnyText, AnyText).Array[0, 3],
            Gen.Select(Gen.Long[0, long.MaxValue], Gen.Long[0, long.MaxValue]),
            (phase, status, content, sites, usage) => new DashScopeChunk(
                phase,
                status,
                content,
                new DeepResearchPayload(
                    new ResearchProgress(1, content, content, [.. sites.Select(s => new WebSite(s.Item1, s.Item2, s.Item3, s.Item4))], [new(content, content)]),
                    [.. sites.Select((s, i) => new ChunkReference(s.Item1, s.Item2, i + 1, s.Item3, s.Item4))]),
                new ChunkUsage(usage.Item1, usage.Item2)));

    [Fact]
    public void AnyChunk_IsOneStrictFrame()
    {
        Gen.Select(Chunk, Gen.Long[1, 100_000]).Sample((chunk, id) =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            DashScopeFrameWriter.WriteChunk(buffer, id, chunk, "req-1");
            var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
            var frame = StrictSse.ParseFrame(text[..^2], id, "req-1");
            Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
            Assert.Equal(Sanitised(chunk.Content), frame.Content);
        }, iter: 2_000);
    }

    [Fact]
    public void AnyError_IsOneStrictErrorFrame()
    {
        Gen.Select(AnyText, Gen.Int[400, 599], Gen.String[Gen.Char["A-Za-z."], 1, 30]).Sample((message, status, code) =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            DashScopeFrameWriter.WriteError(buffer, 1, new DashScopeError(status, code, message), "req-1");
            var frame = Assert.Single(StrictSse.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan), "req-1"));
            Assert.True(frame.IsError);
            Assert.Equal(status, frame.HttpStatus);
            Assert.Equal(Sanitised(message), frame.Json.GetProperty("message").GetString());
        }, iter: 1_000);
    }

    /// <summary>The text as it survives UTF-8: a lone surrogate becomes U+FFFD.</summary>
    private static string Sanitised(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
}
