using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fathom.Research;
using Fathom.Server.Auth;
using Fathom.Server.Tests.Support;
using Fathom.Storage;

namespace Fathom.Server.Tests;

/// <summary>Owners are the HMAC of the key under a secret kept once per data directory; runs stored under the earlier unsalted form stay reachable.</summary>
public sealed class OwnerSecretTests : IDisposable
{
    private readonly string _data = TestServer.NewDataDirectory();

    public void Dispose() => TestServer.TryDelete(_data);

    [Fact]
    public async Task Owner_IsTheHmacOfTheKeyUnderTheStoredSecret_AndTheSameAcrossRestarts()
    {
        byte[] secret;
        await using (var first = await TestServer.StartAsync(dataDirectory: _data))
        {
            var path = OwnerSecret.PathIn(_data);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            secret = Convert.FromHexString(File.ReadAllText(path).Trim());
            Assert.Equal(32, secret.Length);
            var (response, _) = await first.PostAsync("""{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"How does teacher feedback affect learning?"}]},"parameters":{"enable_feedback":false}}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var expected = "key:" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(TestServer.Key)));
        using (var store = SqliteRunStore.Open(_data))
        {
            var run = Assert.Single(store.List());
            Assert.Equal(expected, run.Owner);
        }

        await using var second = await TestServer.StartAsync(dataDirectory: _data);
        Assert.Equal(secret, Convert.FromHexString(File.ReadAllText(OwnerSecret.PathIn(_data)).Trim()));
        using (var store = SqliteRunStore.Open(_data))
        {
            Assert.Single(store.ListByOwner(expected));
        }
    }

    [Fact]
    public async Task RunStoredUnderTheLegacyOwner_IsStillReachableByItsKey_AndNotByAnother()
    {
        var legacy = "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TestServer.Key)), 0, 6);
        using (var store = SqliteRunStore.Open(_data))
        {
            store.Create("run-legacy", new ResearchRequest { Question = "How does feedback affect learning?" }, "qwen-deep-research", legacy);
            store.Create("run-unknown", new ResearchRequest { Question = "q" }, "qwen-deep-research", "key:0123456789ab");
        }

        await using var server = await TestServer.StartAsync(dataDirectory: _data);
        using var mine = await server.Client.GetAsync("/api/v1/research/run-legacy");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        using (var run = JsonDocument.Parse(await mine.Content.ReadAsStringAsync()))
        {
            Assert.Equal("run-legacy", run.RootElement.GetProperty("id").GetString());
        }

        using var other = server.NewClient("sk-other-key");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/v1/research/run-legacy")).StatusCode);

        using var store2 = SqliteRunStore.Open(_data);
        var owner = store2.Find("run-legacy")!.Owner;
        Assert.NotEqual(legacy, owner);
        Assert.Equal("run-legacy", Assert.Single(store2.ListByOwner(owner)).Id);

        // A run whose key is not configured keeps its owner: it moves when its key is configured again.
        Assert.Equal("key:0123456789ab", store2.Find("run-unknown")!.Owner);
    }
}
