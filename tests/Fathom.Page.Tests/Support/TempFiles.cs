namespace Fathom.Page.Tests.Support;

/// <summary>Temporary folders that tests make and remove.</summary>
internal static class TempFiles
{
    public static string NewDirectory(string prefix) => System.IO.Directory.CreateTempSubdirectory(prefix).FullName;

    public static void Delete(string directory)
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
