namespace Fathom.Reading.Web;

/// <summary>What kind of document a response is, by its media type or, when the server gives none, by its first bytes.</summary>
internal enum ContentKind
{
    Unsupported,
    Html,
    Pdf,
    Text,
}
