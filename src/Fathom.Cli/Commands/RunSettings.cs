using System.ComponentModel;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary>The run a <c>fathom runs</c> command acts on.</summary>
public sealed class RunSettings : CommandSettings
{
    [CommandArgument(0, "<RUN_ID>")]
    [Description("The run's id, as 'fathom runs list' shows it.")]
    public string Id { get; init; } = "";
}
