using System.ComponentModel;
using System.Globalization;
using Fathom.Research;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Infrastructure;

/// <summary>
/// The ceilings a run obeys, the same options on every command that starts runs (<c>research</c>,
/// <c>serve</c>, <c>mcp</c>), so a cost or page ceiling set on the command line means one thing everywhere.
/// </summary>
public abstract class LimitSettings : EngineSettings
{
    [CommandOption("--rounds <N>")]
    [Description("Research rounds per run (default 5, at most 15).")]
    public int Rounds { get; init; } = 5;

    [CommandOption("--token-budget <N>")]
    [Description("Stop researching after this many tokens (input plus output) and write the report.")]
    public long? TokenBudget { get; init; }

    [CommandOption("--cost-budget <AMOUNT>")]
    [Description("Stop researching once the model has cost this much (in the price table's currency, e.g. 0.50) and write the report.")]
    public string? CostBudget { get; init; }

    [CommandOption("--query-budget <N>")]
    [Description("The most searches a run may make, planning included; then the report is written from what was found.")]
    public int? QueryBudget { get; init; }

    [CommandOption("--page-budget <N>")]
    [Description("The most pages a run may read, planning included; then the report is written from what was found.")]
    public int? PageBudget { get; init; }

    [CommandOption("--deadline <SECONDS>")]
    [Description("Stop researching after this many seconds and write the report.")]
    public int? Deadline { get; init; }

    /// <summary>The limits these options give, before any command-specific ones (such as the report's length).</summary>
    public ResearchLimits Limits => new()
    {
        MaxRounds = Rounds,
        TokenBudget = TokenBudget,
        CostBudget = ParsedCostBudget,
        QueryBudget = QueryBudget,
        PageBudget = PageBudget,
        Deadline = Deadline is { } s ? TimeSpan.FromSeconds(s) : null,
    };

    /// <summary>The limits a run of this command gets: <see cref="Limits"/> with what the command adds; the ones validated.</summary>
    public virtual ResearchLimits RunLimits => Limits;

    private decimal? ParsedCostBudget => CostBudget is null
        ? null
        : decimal.TryParse(CostBudget, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new ArgumentException($"--cost-budget '{CostBudget}' is not a number; pass an amount such as 0.50 (a '.' before the decimals).");

    public override ValidationResult Validate()
    {
        try
        {
            RunLimits.Validate();
        }
        catch (ArgumentException ex)
        {
            return ValidationResult.Error(ex.Message);
        }

        return base.Validate();
    }
}
