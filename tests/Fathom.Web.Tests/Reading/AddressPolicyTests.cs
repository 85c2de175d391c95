using System.Net;
using Fathom.Reading.Web;

namespace Fathom.Web.Tests.Reading;

public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.53.1.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("10.255.255.254", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.1", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("169.254.10.10", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.100.100.200", "metadata")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("fc00::1", "unique local")]
    [InlineData("fd12:3456::1", "unique local")]
    [InlineData("fd00:ec2::254", "metadata")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.1.2.3", "private")]
    [InlineData("64:ff9b::a9fe:a9fe", "metadata")]
    [InlineData("2002:7f00:1::", "loopback")]
    public void RefusalReason_NonPublicAddress_IsRefusedWithItsKind(string address, string kind)
    {
        var reason = AddressPolicy.RefusalReason(IPAddress.Parse(address));

        Assert.NotNull(reason);
        Assert.Contains(kind, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:93.184.216.34")]
    public void RefusalReason_PublicAddress_IsAllowed(string address) =>
        Assert.Null(AddressPolicy.RefusalReason(IPAddress.Parse(address)));
}
