namespace Fathom.Reading.Extraction;

/// <summary>The patterns of <see cref="ClassPatterns"/> that match an element's names, as flags.</summary>
[Flags]
internal enum NamePatterns
{
    /// <summary>No pattern matches.</summary>
    None = 0,

    /// <summary><see cref="ClassPatterns.Unlikely"/> matches.</summary>
    Unlikely = 1,

    /// <summary><see cref="ClassPatterns.MaybeCandidate"/> matches.</summary>
    MaybeCandidate = 2,

    /// <summary><see cref="ClassPatterns.Positive"/> matches.</summary>
    Positive = 4,

    /// <summary><see cref="ClassPatterns.Negative"/> matches.</summary>
    Negative = 8,

    /// <summary><see cref="ClassPatterns.Boilerplate"/> matches.</summary>
    Boilerplate = 16,

    /// <summary><see cref="ClassPatterns.BoilerplateWords"/> matches.</summary>
    BoilerplateWords = 32,

    /// <summary><see cref="ClassPatterns.ArticleBody"/> matches.</summary>
    ArticleBody = 64,
}
