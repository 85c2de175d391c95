using System.Text;
using CsCheck;
using Fathom.Server.DashScope;
using Fathom.Server.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.Tests.Properties;

/// <summary>Whatever the body, reading and validating it gives a request or an error in the protocol: never an exception.</summary>
public sealed class RequestParserProperties
{
    private static readonly ModelCatalog Models = new(TestServer.Engine(new() { SupportsImages = true }).Model.Info);

    [Fact]
    public void AnyBody_GivesARequestOrAClientError()
    {
        HostileRequests.Body.Sample(bytes =>
        {
            var (request, error) = Read(bytes);
            if (error is not null)
            {
                Assert.True(error.HttpStatus is 400 or 404 or 413, $"{error.HttpStatus} {error.Code}");
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
                Assert.DoesNotContain("LineNumber:", error.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.False(InputText.IsBlank(request!.Research.Question));
                Assert.Equal(request.Research.Question, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(request.Research.Question)));
            }
        }, iter: 3_000, print: b => Encoding.UTF8.GetString(b));
    }

    [Fact]
    public void BodyArrivingInPieces_GivesTheSameAnswerAsWhole()
    {
        Gen.Select(HostileRequests.Body, Gen.Int[1, 64]).Sample((bytes, piece) =>
        {
            var whole = Read(bytes);
            var pieces = Read(bytes, piece);
            Assert.Equal(whole.Error?.Code, pieces.Error?.Code);
            Assert.Equal(whole.Request?.Research.Question, pieces.Request?.Research.Question);
        }, iter: 1_000);
    }

    private static (GenerationRequest? Request, DashScopeError? Error) Read(byte[] body, int? piece = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = piece is { } size ? new TrickleStream(body, size) : new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        var (document, error) = RequestBody.ReadAsync(context.Request, 1_000_000, new InputLimits(), CancellationToken.None).GetAwaiter().GetResult();
        if (document is null)
        {
            return (null, error);
        }

        using (document)
        {
            return GenerationRequest.Parse(document.RootElement, streamHeader: true, Models, new Fathom.Research.ResearchLimits(), inputLimits: new InputLimits());
        }
    }

    /// <summary>A body that arrives a few bytes at a time, as a slow network delivers it.</summary>
    private sealed class TrickleStream(byte[] body, int piece) : MemoryStream(body)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, piece));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, piece)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, piece), cancellationToken);
    }
}
