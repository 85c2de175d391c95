namespace Fathom.Server.Tests;

/// <summary>Placeholder entry point; replaced by the child-process server below.</summary>
public static class Program
{
    public static int Main() => 0;
}
