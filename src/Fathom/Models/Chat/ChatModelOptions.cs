namespace Fathom.Models.Chat;

/// <summary>How the language model is used: its name, what it can see, its prices and the size of each call.</summary>
public sealed record ChatModelOptions
{
    /// <summary>Name shown in events ("openai:gpt-4o-mini"…).</summary>
    public string Name { get; init; } = "chat";

    /// <summary>Whether the model accepts images; only then are the question's images sent to it.</summary>
    public bool SupportsImages { get; init; }

    /// <summary>Prices per model, for the run's cost and money budget.</summary>
    public PriceTable Prices { get; init; } = PriceTable.Empty;

    /// <summary>The report's language when the user asked for one; null writes in the question's language.</summary>
    public string? ReportLanguage { get; init; }

    /// <summary>Characters of a page shown to the reader; the rest is cut (quotes are still located in the whole page).</summary>
    public int MaxPageChars { get; init; } = 16_000;

    /// <summary>Findings the reader may return for one page.</summary>
    public int MaxFindingsPerPage { get; init; } = 6;

    /// <summary>Characters of findings shown to the writer.</summary>
    public int MaxWriterInputChars { get; init; } = 48_000;

    /// <summary>Output tokens allowed for a planning or reading answer.</summary>
    public int MaxAnswerTokens { get; init; } = 1_500;

    /// <summary>Output tokens allowed for the report.</summary>
    public int MaxReportTokens { get; init; } = 4_000;

    /// <summary>Tokens kept back for writing: research calls that would eat into them are not made.</summary>
    public int WriterReserveTokens { get; init; } = 8_000;

    /// <summary>Sampling temperature; low, because the answers are extraction and planning, not prose.</summary>
    public float Temperature { get; init; } = 0.2f;
}
