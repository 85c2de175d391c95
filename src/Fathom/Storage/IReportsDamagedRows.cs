namespace Fathom.Storage;

/// <summary>
/// A run store that reads its rows through <see cref="StoredRows"/>: a row it cannot read is skipped
/// and reported there, so that a host can log it, whichever store it opened.
/// </summary>
public interface IReportsDamagedRows
{
    /// <summary>How rows are read back: a damaged row is skipped and reported through <see cref="StoredRows.Damaged"/>.</summary>
    StoredRows Rows { get; }

    /// <summary>Where the store is, for people (a file path, a database's host and name; never a password).</summary>
    string Description { get; }

    /// <summary>What an operator may do to restore a damaged row, in words.</summary>
    string RecoveryHint { get; }
}
