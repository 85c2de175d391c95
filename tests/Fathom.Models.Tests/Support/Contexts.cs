using Fathom.Research;
using Fathom.Testing;

namespace Fathom.Models.Tests.Support;

/// <summary>Runs for calling one stage on its own.</summary>
internal static class Contexts
{
    public static StageRun For(ResearchRequest request, RunBudget? budget = null) => new(request, budget);

    public static StageRun For(string question = "why startups fail") => For(Runs.Request(question));
}
