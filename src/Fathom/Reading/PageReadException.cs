namespace Fathom.Reading;

/// <summary>A page that a reader handles could not be read; the message says why, for the run's events.</summary>
public sealed class PageReadException(string message, Exception? inner = null) : Exception(message, inner);
