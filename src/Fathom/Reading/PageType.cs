namespace Fathom.Reading;

/// <summary>The kind of page main content was read from: it decides what a reader wants from it.</summary>
public enum PageType
{
    /// <summary>A news story, blog post or essay: running prose.</summary>
    Article,

    /// <summary>A discussion thread: every post with its author and date.</summary>
    Forum,

    /// <summary>One product: name, description, specifications, price.</summary>
    Product,

    /// <summary>A curated group of items (a category, a brand's range) with its introduction.</summary>
    Collection,

    /// <summary>A list of items or results.</summary>
    Listing,

    /// <summary>Technical documentation: prose with code, tables and headings.</summary>
    Documentation,

    /// <summary>A company's or organisation's page about what it offers: features, pricing, FAQ.</summary>
    Service,
}
