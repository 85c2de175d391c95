using System.Text.RegularExpressions;

namespace Fathom.Reading.Extraction;

/// <summary>
/// The stock words that label page furniture when they stand alone on a line ("Advertisement",
/// "Related articles", "Leggi anche"), in the languages most pages are written in.
/// </summary>
internal static partial class BoilerplateLabels
{
    [GeneratedRegex(@"^\W*(advertisement|advertising|advert|ads?|sponsored( content)?|anzeige|werbung|publicité|publicidade|publicidad|pubblicità|tags?|comments?|\d+ comments?|more|read more|see more|show more|load more|more stories|more from .{1,40}|you (may|might) also like|recommended( for you)?|related( articles| stories| posts| content| coverage| news)?|related( \w+)?:.{1,50}|don'?t miss|must read|trending( now)?|most (read|popular)|share( this)?( article| story| post)?|follow us( on .{1,30})?|sign up( for .{1,40})?|subscribe( now)?|continue reading|click here|leggi anche|lesen sie auch|mehr zum thema|lire aussi|à lire aussi|leia também|veja também|lea también|ver también|skip (to )?(content|ad))\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    /// <summary>Whether <paramref name="text"/> is nothing but such a label.</summary>
    public static bool IsLabel(string text) => text.Length <= 60 && Label().IsMatch(text.Trim());
}
