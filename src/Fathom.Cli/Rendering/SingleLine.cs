using Spectre.Console;
using Spectre.Console.Rendering;

namespace Fathom.Cli.Rendering;

/// <summary>
/// Markup cut to one row of the console, ending in "…" when it is too long. Below a live status
/// line every written line must fit one row: a wrapped line moves the status down by more than the
/// display redraws, and a copy of the status is left in the scrollback.
/// </summary>
internal sealed class SingleLine(string markup) : Renderable
{
    private readonly Markup _markup = new(markup);

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        // Rendered as wide as it is, then cut, so that nothing wraps.
        var segments = ((IRenderable)_markup).Render(options, int.MaxValue / 2);
        foreach (var line in Segment.SplitLines(segments))
        {
            if (Segment.CellCount(line) < maxWidth)
            {
                foreach (var segment in line)
                {
                    yield return segment;
                }
            }
            else
            {
                foreach (var segment in Segment.Truncate(line, Math.Max(1, maxWidth - 2)))
                {
                    yield return segment;
                }

                yield return new Segment("…");
            }

            yield return Segment.LineBreak;
        }
    }
}
