using Fathom.Server.Auth;
using Fathom.Server.Tests.Support;

namespace Fathom.Server.Tests;

/// <summary>Where keys come from, how they are matched, and which addresses count as loopback.</summary>
public sealed class ApiKeyTests : IDisposable
{
    private readonly string _dir = TestServer.NewDataDirectory();

    public void Dispose() => TestServer.TryDelete(_dir);

    [Fact]
    public void Load_VariableAndFile_AllKeysWithoutBlanksOrComments()
    {
        var file = Path.Combine(_dir, "keys");
        File.WriteAllText(file, "# operators\nsk-c\n\n  sk-d  \n");
        Assert.Equal(["sk-a", "sk-b", "sk-c", "sk-d"], ApiKeySource.Load(" sk-a, ,sk-b ", file));
        Assert.Throws<FileNotFoundException>(() => ApiKeySource.Load(null, Path.Combine(_dir, "none")));
    }

    [Fact]
    public void Authenticate_OnlyTheExactBearerKey_AndTheCallerIsAFingerprintNotTheKey()
    {
        var ring = new ApiKeyRing(["sk-one", "sk-two"]);
        var one = ring.Authenticate("Bearer sk-one");
        Assert.NotNull(one);
        Assert.DoesNotContain("sk-one", one, StringComparison.Ordinal);
        Assert.NotEqual(one, ring.Authenticate("Bearer sk-two"));
        Assert.Equal(one, ring.Authenticate("bearer  sk-one "));
        Assert.Null(ring.Authenticate("Bearer sk-one2"));
        Assert.Null(ring.Authenticate("Bearer sk-on"));
        Assert.Null(ring.Authenticate("sk-one"));
        Assert.Null(ring.Authenticate(null));
        Assert.Null(new ApiKeyRing([]).Authenticate("Bearer "));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://192.168.1.5:8080", false)]
    public void IsLoopback(string url, bool loopback) => Assert.Equal(loopback, FathomServer.IsLoopback(url));
}
