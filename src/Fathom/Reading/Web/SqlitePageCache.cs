using Fathom.Sources;
using Microsoft.Data.Sqlite;

namespace Fathom.Reading.Web;

/// <summary>A page cache in one SQLite file, keyed by the page's canonical address. Safe to share between runs and threads.</summary>
public sealed class SqlitePageCache : IPageCache
{
    private readonly string _connectionString;

    /// <summary>Opens (or creates) the cache at <paramref name="path"/>; its folder is created if missing.</summary>
    public SqlitePageCache(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS pages (
                key TEXT PRIMARY KEY,
                final_url TEXT NOT NULL,
                media_type TEXT,
                charset TEXT,
                etag TEXT,
                last_modified TEXT,
                stored_at INTEGER NOT NULL,
                body BLOB NOT NULL);
            """;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public async Task<CachedPage?> GetAsync(string url, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT final_url, media_type, charset, etag, last_modified, stored_at, body FROM pages WHERE key = $key";
        command.Parameters.AddWithValue("$key", UrlKey.Canonical(url));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new CachedPage(
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            (byte[])reader.GetValue(6));
    }

    /// <inheritdoc />
    public async Task PutAsync(string url, CachedPage page, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO pages (key, final_url, media_type, charset, etag, last_modified, stored_at, body)
            VALUES ($key, $final, $media, $charset, $etag, $modified, $stored, $body)
            ON CONFLICT(key) DO UPDATE SET final_url = excluded.final_url, media_type = excluded.media_type,
                charset = excluded.charset, etag = excluded.etag, last_modified = excluded.last_modified,
                stored_at = excluded.stored_at, body = excluded.body
            """;
        command.Parameters.AddWithValue("$key", UrlKey.Canonical(url));
        command.Parameters.AddWithValue("$final", page.FinalUrl);
        command.Parameters.AddWithValue("$media", (object?)page.MediaType ?? DBNull.Value);
        command.Parameters.AddWithValue("$charset", (object?)page.Charset ?? DBNull.Value);
        command.Parameters.AddWithValue("$etag", (object?)page.ETag ?? DBNull.Value);
        command.Parameters.AddWithValue("$modified", (object?)page.LastModified ?? DBNull.Value);
        command.Parameters.AddWithValue("$stored", page.StoredAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$body", page.Body);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
