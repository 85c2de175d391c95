using Microsoft.Data.Sqlite;

namespace Fathom.Tests.Search;

/// <summary>Index files as earlier versions of Fathom wrote them, to open with this one.</summary>
internal static class EarlierIndexes
{
    // Version 1: full text only.
    private const string VersionOne = """
        CREATE TABLE files(path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL);
        CREATE TABLE documents(id INTEGER PRIMARY KEY, file TEXT NOT NULL, doc_key TEXT NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL);
        CREATE INDEX documents_file ON documents(file);
        CREATE INDEX documents_url ON documents(url);
        CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
        CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
          INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
          INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        END;
        """;

    // Version 2: chunk vectors beside the full text.
    private const string ChunkVectors = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE chunks(id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL, start INTEGER NOT NULL, length INTEGER NOT NULL, vector BLOB NOT NULL);
        CREATE INDEX chunks_doc ON chunks(doc_id);
        CREATE TRIGGER documents_chunks_ad AFTER DELETE ON documents BEGIN
          DELETE FROM chunks WHERE doc_id = old.id;
        END;
        """;

    /// <summary>Writes an empty index of version 1 (before chunk vectors) at <paramref name="path"/>.</summary>
    public static void VersionOneAt(string path) => Write(path, VersionOne + "PRAGMA user_version = 1;");

    /// <summary>Writes an index of version 2 (before Chinese and Japanese were indexed a character a token) holding <paramref name="documents"/>.</summary>
    public static void VersionTwoAt(string path, params (string File, string Url, string Title, string Text)[] documents)
    {
        Write(path, "PRAGMA journal_mode = WAL;" + VersionOne + ChunkVectors);
        using var connection = Open(path);
        foreach (var (file, url, title, text) in documents)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO documents(file, doc_key, url, title, text) VALUES ($file, $file, $url, $title, $text)";
            insert.Parameters.AddWithValue("$file", file);
            insert.Parameters.AddWithValue("$url", url);
            insert.Parameters.AddWithValue("$title", title);
            insert.Parameters.AddWithValue("$text", text);
            insert.ExecuteNonQuery();
        }

        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version = 2";
        version.ExecuteNonQuery();
    }

    private static void Write(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
