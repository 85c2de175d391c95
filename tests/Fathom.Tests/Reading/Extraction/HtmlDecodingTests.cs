using System.Text;
using Fathom.Reading.Extraction;

namespace Fathom.Tests.Reading.Extraction;

public sealed class HtmlDecodingTests
{
    private static byte[] Latin(string s) => Encoding.Latin1.GetBytes(s);

    [Fact]
    public void Decode_Utf8WithoutDeclaration()
    {
        Assert.Equal("<p>café – 東京</p>", HtmlDecoding.Decode(Encoding.UTF8.GetBytes("<p>café – 東京</p>")));
    }

    [Fact]
    public void Decode_ByteOrderMarkWinsAndIsDropped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("<p>é</p>")).ToArray();

        Assert.Equal("<p>é</p>", HtmlDecoding.Decode(bytes, declaredCharset: "windows-1252"));
    }

    [Fact]
    public void Decode_MetaCharsetLatin1_ReadsAsWindows1252()
    {
        var bytes = Latin("<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\u00e9</p></body></html>");
        bytes = [.. bytes, 0x80]; // the euro sign in Windows-1252, a control character in ISO-8859-1

        var text = HtmlDecoding.Decode(bytes);

        Assert.Contains("café", text, StringComparison.Ordinal);
        Assert.EndsWith("€", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_HttpEquivContentTypeCharset()
    {
        var shiftJis = CodePagesEncodingProvider.Instance.GetEncoding("shift_jis")!;
        var bytes = Latin("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">").Concat(shiftJis.GetBytes("<p>日本語</p>")).ToArray();

        Assert.EndsWith("<p>日本語</p>", HtmlDecoding.Decode(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_DeclaredCharsetBeatsTheMetaTag()
    {
        var bytes = Encoding.UTF8.GetBytes("<meta charset=\"windows-1252\"><p>café</p>");

        Assert.Contains("café", HtmlDecoding.Decode(bytes, declaredCharset: "utf-8"), StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_InvalidUtf8WithoutDeclaration_FallsBackToWindows1252()
    {
        Assert.Equal("<p>café</p>", HtmlDecoding.Decode(Latin("<p>caf\u00e9</p>")));
    }

    [Fact]
    public void ForCharset_UnknownLabel_IsNull()
    {
        Assert.Null(HtmlDecoding.ForCharset("no-such-charset"));
    }
}
