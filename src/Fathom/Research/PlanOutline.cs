namespace Fathom.Research;

/// <summary>The rules an edited outline must keep, shared by every host that lets a person edit one.</summary>
public static class PlanOutline
{
    /// <summary>The most sections an outline may have.</summary>
    public const int MaxSections = 12;

    /// <summary>The longest section title, in characters.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The outline tidied (titles trimmed, blanks and repeats dropped), or an error that names the problem and the fix.</summary>
    public static (IReadOnlyList<string> Outline, string? Error) Tidy(IEnumerable<string?> sections)
    {
        var outline = new List<string>();
        foreach (var raw in sections)
        {
            var title = string.Join(' ', (raw ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (title.Length == 0 || outline.Contains(title, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (title.Length > MaxTitleLength)
            {
                return ([], $"The section \"{title[..40]}…\" is {title.Length} characters long; keep section titles under {MaxTitleLength}.");
            }

            outline.Add(title);
        }

        if (outline.Count == 0)
        {
            return ([], "The outline has no sections; keep at least one.");
        }

        return outline.Count > MaxSections
            ? ([], $"The outline has {outline.Count} sections; at most {MaxSections} are allowed. Merge or drop some.")
            : (outline, null);
    }
}
