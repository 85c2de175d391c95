using Fathom.Text;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Recognises lines that only say when a story was published or updated ("sexta-feira, 22 de
/// outubro de 2010 às 20:13", "Updated: 10:43, Tue, Nov 19, 2019"): nearly every word a number, a
/// month or weekday name, or a connecting word, with a year or a time among them.
/// </summary>
internal static partial class Datelines
{
    private static readonly HashSet<string> DateWords = new(
        """
        january february march april may june july august september october november december
        jan feb mar apr jun jul aug sep sept oct nov dec
        monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
        published updated posted last modified am pm gmt utc est edt pst pdt bst cet cest ist on at by de à às le el il um uhr
        janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
        segunda terça quarta quinta sexta sábado domingo feira
        enero febrero marzo mayo junio julio agosto septiembre octubre noviembre diciembre lunes martes miércoles jueves viernes
        janvier février mars avril mai juin juillet août septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi samedi dimanche
        januar februar märz juni juli oktober dezember montag dienstag mittwoch donnerstag freitag samstag sonntag
        gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre lunedì martedì mercoledì giovedì venerdì sabato
        pubblicato publicado publié veröffentlicht aktualisiert atualizado actualizado mis jour
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    private static readonly HashSet<string> Stamps = new(["published", "updated", "posted", "modified", "pubblicato", "publicado", "publié", "veröffentlicht", "aktualisiert", "atualizado", "actualizado"], StringComparer.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex(@"\b\d{1,2}[:h]\d{2}\b")]
    private static partial System.Text.RegularExpressions.Regex Time();

    public static bool IsDateline(string text)
    {
        if (text.Length > 100)
        {
            return false;
        }

        var tokens = Words.Tokens(text);
        if (tokens.Count < 2)
        {
            return false;
        }

        var dateLike = tokens.Count(t => t.All(char.IsAsciiDigit) || DateWords.Contains(t));
        // A date alone may be content (an exhibition's dates); a time of day or a "published" marks a dateline.
        var hasTime = Time().IsMatch(text) || tokens.Any(Stamps.Contains);
        return hasTime && dateLike >= tokens.Count * 0.8;
    }
}
