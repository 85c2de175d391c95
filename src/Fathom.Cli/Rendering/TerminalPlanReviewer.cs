using Fathom.Cli.Infrastructure;
using Fathom.Research;
using Spectre.Console;

namespace Fathom.Cli.Rendering;

/// <summary>
/// <c>fathom research --review-plan</c>: shows the outline on the terminal and reads the person's
/// answer: Enter approves it; a list separated by ';' replaces it, where a number keeps that
/// section ("2; 1; Costs" swaps the first two and adds "Costs").
/// </summary>
public sealed class TerminalPlanReviewer(CliConsole console) : IPlanReviewer
{
    /// <inheritdoc />
    public async Task<ResearchPlan> ReviewAsync(string runId, ResearchPlan plan, CancellationToken cancellationToken)
    {
        console.Progress.MarkupLine("[bold]The plan[/] (each section is one part of the report):");
        for (var i = 0; i < plan.Outline.Count; i++)
        {
            console.Progress.WriteLine($"  {i + 1}. {plan.Outline[i]}");
        }

        if (!console.CanAsk)
        {
            console.Progress.MarkupLine("[yellow]--review-plan needs a terminal to answer on; the plan stands as it is.[/]");
            return plan;
        }

        while (true)
        {
            console.Progress.Markup("Enter to approve, or the sections in order separated by ';' (a number keeps that section): ");
            var answer = await console.Input.ReadLineAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(answer))
            {
                return plan;
            }

            var sections = answer.Split(';').Select(s => s.Trim()).Select(s =>
                int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= plan.Outline.Count
                    ? plan.Outline[n - 1]
                    : s);
            var (outline, error) = PlanOutline.Tidy(sections);
            if (error is null)
            {
                return plan with { Outline = outline };
            }

            console.Progress.MarkupLine($"[red]{Markup.Escape(error)}[/]");
        }
    }
}
