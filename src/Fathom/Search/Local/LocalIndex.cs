using System.Text;
using Fathom.Reading.Documents;
using Microsoft.Data.Sqlite;

namespace Fathom.Search.Local;

/// <summary>
/// A persistent full-text index of local documents in one SQLite file (FTS5, BM25 ranking, Porter
/// stemming). It is both a search provider and a reader: search returns documents, read returns
/// their full text verbatim, so quotes taken from it can be checked against the files.
/// </summary>
public sealed class LocalIndex : IDisposable
{
    private const int SchemaVersion = 1;
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly string _readers;

    private LocalIndex(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
        // Searches read through a pool of read-only connections: on WAL, readers neither wait for
        // one another nor for the writer, so concurrent runs search at the same time.
        _readers = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
    }

    /// <summary>The index file.</summary>
    public string Path { get; }

    /// <summary>Opens the index at <paramref name="path"/>, creating it (and its folder) when absent.</summary>
    public static LocalIndex Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        connection.Open();
        var index = new LocalIndex(connection, full);
        index.EnsureSchema();
        return index;
    }

    /// <summary>The default index file for a corpus folder: one per folder, in the user's cache.</summary>
    public static string DefaultPathFor(string corpusDirectory)
    {
        var full = System.IO.Path.GetFullPath(corpusDirectory).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16];
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            cache = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return System.IO.Path.Combine(cache, "fathom", "index", $"{System.IO.Path.GetFileName(full)}-{hash}.db");
    }

    /// <summary>Number of documents indexed.</summary>
    public long DocumentCount => Scalar<long>("SELECT count(*) FROM documents");

    /// <summary>
    /// Brings the index in line with the files under <paramref name="directory"/>: new and changed
    /// files are (re)indexed, unchanged ones skipped, vanished ones removed.
    /// </summary>
    public async Task<IndexUpdate> UpdateAsync(string directory, DocumentLoader loader, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The corpus folder '{directory}' does not exist. Pass a folder of .md, .txt, .html, .pdf, .json or .jsonl files.");
        }

        var root = System.IO.Path.GetFullPath(directory);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(DocumentLoader.Handles)
            .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var known = KnownFiles();
        int added = 0, updated = 0, unchanged = 0, documents = 0;
        var failures = new List<string>();

        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(file);
            var stamp = (info.Length, info.LastWriteTimeUtc.Ticks);
            if (known.Remove(file, out var old) && old == stamp)
            {
                unchanged++;
                continue;
            }

            IReadOnlyList<SourceDocument> docs;
            try
            {
                docs = await loader.LoadAsync(file, cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                failures.Add(ex.Message);
                continue;
            }

            var isNew = old == default;
            Replace(file, stamp, docs);
            documents += docs.Count;
            if (isNew)
            {
                added++;
            }
            else
            {
                updated++;
            }

            progress?.Report(file);
        }

        foreach (var vanished in known.Keys)
        {
            Replace(vanished, null, []);
        }

        return new IndexUpdate(added, updated, unchanged, known.Count, documents, failures);
    }

    /// <summary>Searches the index with BM25 (title weighted above body); best first.</summary>
    public IReadOnlyList<SearchHit> Search(string query, int limit)
    {
        var match = MatchExpression(query);
        if (match.Length == 0)
        {
            return [];
        }

        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT d.url, d.title, snippet(documents_fts, 1, '', '', '…', 24), bm25(documents_fts, 2.0, 1.0) AS rank
            FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
            WHERE documents_fts MATCH $match
            ORDER BY rank LIMIT $limit
            """;
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var hits = new List<SearchHit>();
        while (reader.Read())
        {
            hits.Add(new SearchHit(reader.GetString(0), reader.GetString(1), reader.GetString(2), -reader.GetDouble(3), LocalSearchProvider.ProviderName));
        }

        return hits;
    }

    /// <summary>The document with this URL, or null.</summary>
    public SourceDocument? Find(string url)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc_key, url, title, text FROM documents WHERE url = $url LIMIT 1";
        command.Parameters.AddWithValue("$url", url);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new SourceDocument(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    /// <summary>Every document (for tools that need the whole corpus, such as benchmarks).</summary>
    public IReadOnlyList<SourceDocument> All()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc_key, url, title, text FROM documents ORDER BY id";
        using var reader = command.ExecuteReader();
        var list = new List<SourceDocument>();
        while (reader.Read())
        {
            list.Add(new SourceDocument(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return list;
    }

    /// <summary>An FTS5 expression that ORs the query's words, each quoted so no word is read as an operator.</summary>
    internal static string MatchExpression(string query)
    {
        var terms = Text.Words.Tokens(query).Where(w => !Text.Words.IsStopWord(w)).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0)
        {
            terms = Text.Words.Tokens(query).Distinct(StringComparer.Ordinal).ToList();
        }

        return string.Join(" OR ", terms.Select(t => "\"" + t + "\""));
    }

    private void Replace(string file, (long Length, long Ticks)? stamp, IReadOnlyList<SourceDocument> docs)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            Execute(tx, "DELETE FROM documents WHERE file = $file", ("$file", file));
            Execute(tx, "DELETE FROM files WHERE path = $file", ("$file", file));
            if (stamp is { } s)
            {
                Execute(tx, "INSERT INTO files(path, size, mtime) VALUES ($file, $size, $mtime)", ("$file", file), ("$size", s.Length), ("$mtime", s.Ticks));
                foreach (var doc in docs)
                {
                    Execute(tx, "INSERT INTO documents(file, doc_key, url, title, text) VALUES ($file, $key, $url, $title, $text)", ("$file", file), ("$key", doc.Key), ("$url", doc.Url), ("$title", doc.Title), ("$text", doc.Text));
                }
            }

            tx.Commit();
        }
    }

    private Dictionary<string, (long, long)> KnownFiles()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT path, size, mtime FROM files";
            using var reader = command.ExecuteReader();
            var known = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
            while (reader.Read())
            {
                known[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }

            return known;
        }
    }

    private void EnsureSchema()
    {
        var version = Scalar<long>("PRAGMA user_version");
        if (version == SchemaVersion)
        {
            return;
        }

        if (version != 0)
        {
            throw new InvalidDataException($"The index '{Path}' was made by another version of Fathom (schema {version}). Delete it and run 'fathom index' again.");
        }

        Execute(null, """
            PRAGMA journal_mode = WAL;
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
            """);
        Execute(null, $"PRAGMA user_version = {SchemaVersion}");
    }

    private void Execute(SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_readers);
        connection.Open();
        return connection;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        using (var readers = new SqliteConnection(_readers))
        {
            SqliteConnection.ClearPool(readers); // let go of the file
        }

        _connection.Dispose();
    }
}

/// <summary>What an index update did.</summary>
public sealed record IndexUpdate(int FilesAdded, int FilesUpdated, int FilesUnchanged, int FilesRemoved, int DocumentsIndexed, IReadOnlyList<string> Failures);
