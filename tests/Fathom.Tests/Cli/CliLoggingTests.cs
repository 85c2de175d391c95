using Fathom.Cli.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fathom.Tests.Cli;

public sealed class CliLoggingTests
{
    [Fact]
    public void FromEnvironment_Unset_LogsNothing()
    {
        Assert.Same(NullLoggerFactory.Instance, CliLogging.FromEnvironment(_ => null));
    }

    [Fact]
    public void FromEnvironment_Level_LogsFromThatLevel()
    {
        using var loggers = CliLogging.FromEnvironment(name => name == CliLogging.LevelVariable ? "debug" : null);
        var logger = loggers.CreateLogger("Fathom.Search.LoggingSearchProvider");
        Assert.True(logger.IsEnabled(LogLevel.Debug));
        Assert.False(logger.IsEnabled(LogLevel.Trace));
    }

    [Fact]
    public void FromEnvironment_NotALevel_ErrorNamesTheVariableAndTheLevels()
    {
        var error = Assert.Throws<ArgumentException>(() => CliLogging.FromEnvironment(_ => "loud"));
        Assert.Contains(CliLogging.LevelVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("Trace, Debug", error.Message, StringComparison.Ordinal);
    }
}
