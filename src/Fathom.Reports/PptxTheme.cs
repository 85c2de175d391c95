using A = DocumentFormat.OpenXml.Drawing;

namespace Fathom.Reports;

/// <summary>The one theme of the slide export: plain colours and system fonts, as a presentation must carry a theme.</summary>
internal static class PptxTheme
{
    public static A.Theme Create() => new(
        new A.ThemeElements(
            new A.ColorScheme(
                new A.Dark1Color(new A.SystemColor { Val = A.SystemColorValues.WindowText, LastColor = "000000" }),
                new A.Light1Color(new A.SystemColor { Val = A.SystemColorValues.Window, LastColor = "FFFFFF" }),
                new A.Dark2Color(new A.RgbColorModelHex { Val = "1B1F24" }),
                new A.Light2Color(new A.RgbColorModelHex { Val = "F6F8FA" }),
                new A.Accent1Color(new A.RgbColorModelHex { Val = "0550AE" }),
                new A.Accent2Color(new A.RgbColorModelHex { Val = "1A7F37" }),
                new A.Accent3Color(new A.RgbColorModelHex { Val = "9A6700" }),
                new A.Accent4Color(new A.RgbColorModelHex { Val = "CF222E" }),
                new A.Accent5Color(new A.RgbColorModelHex { Val = "8250DF" }),
                new A.Accent6Color(new A.RgbColorModelHex { Val = "57606A" }),
                new A.Hyperlink(new A.RgbColorModelHex { Val = "0550AE" }),
                new A.FollowedHyperlinkColor(new A.RgbColorModelHex { Val = "6639BA" }))
            { Name = "Fathom" },
            new A.FontScheme(
                new A.MajorFont(new A.LatinFont { Typeface = "Calibri" }, new A.EastAsianFont { Typeface = "" }, new A.ComplexScriptFont { Typeface = "" }),
                new A.MinorFont(new A.LatinFont { Typeface = "Calibri" }, new A.EastAsianFont { Typeface = "" }, new A.ComplexScriptFont { Typeface = "" }))
            { Name = "Fathom" },
            new A.FormatScheme(
                new A.FillStyleList(Solid(), Solid(), Solid()),
                new A.LineStyleList(Line(), Line(), Line()),
                new A.EffectStyleList(Effect(), Effect(), Effect()),
                new A.BackgroundFillStyleList(Solid(), Solid(), Solid()))
            { Name = "Fathom" }),
        new A.ObjectDefaults(),
        new A.ExtraColorSchemeList())
    { Name = "Fathom" };

    private static A.SolidFill Solid() => new(new A.SchemeColor { Val = A.SchemeColorValues.PhColor });

    private static A.Outline Line() => new(Solid()) { Width = 9525 };

    private static A.EffectStyle Effect() => new(new A.EffectList());
}
