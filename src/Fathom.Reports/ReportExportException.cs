namespace Fathom.Reports;

/// <summary>A report could not be exported; the message says why and what to do.</summary>
public sealed class ReportExportException : Exception
{
    public ReportExportException()
    {
    }

    public ReportExportException(string message)
        : base(message)
    {
    }

    public ReportExportException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
