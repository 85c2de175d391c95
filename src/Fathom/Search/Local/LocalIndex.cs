using System.Text;
using Fathom.Reading.Documents;
using Fathom.Semantic;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace Fathom.Search.Local;

/// <summary>
/// A persistent index of local documents in one SQLite file: full text (FTS5, BM25 ranking, Porter
/// stemming) and, given an embedder, one vector per chunk of each document beside it, so a search
/// fuses the words it matches with what it means. It is both a search provider and a reader: search
/// returns documents, read returns their full text verbatim, so quotes taken from it can be checked
/// against the files.
/// </summary>
public sealed class LocalIndex : IDisposable
{
    // 1: full text only. 2: chunk vectors beside it (an index of version 1 is migrated on open and
    // its documents embedded on the next update). 3: the full-text index reads Chinese, Japanese and Korean a
    // character a token (see IndexTerms); an index of version 1 or 2 is migrated on open.
    private const int SchemaVersion = 3;
    private const int EmbeddingBatch = 64;
    private readonly SqliteConnection _connection;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embedder;
    private readonly Lock _gate = new();
    private ChunkVectors? _vectors;
    private readonly string _readers;

    private LocalIndex(SqliteConnection connection, string path, IEmbeddingGenerator<string, Embedding<float>>? embedder)
    {
        _connection = connection;
        _embedder = embedder;
        Path = path;
        // Searches read through a pool of read-only connections: on WAL, readers neither wait for
        // one another nor for the writer, so concurrent runs search at the same time.
        _readers = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
    }

    /// <summary>The index file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens the index at <paramref name="path"/>, creating it (and its folder) when absent. With an
    /// <paramref name="embedder"/>, updates embed each document's chunks and searches are hybrid;
    /// without one the index is full text only.
    /// </summary>
    public static LocalIndex Open(string path, IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        connection.Open();
        var index = new LocalIndex(connection, full, embedder);
        index.EnsureSchema();
        return index;
    }

    /// <summary>How hybrid search fuses the two rankings.</summary>
    public HybridFusion Fusion { get; set; } = HybridFusion.Convex;

    /// <summary>The semantic score's weight when <see cref="Fusion"/> is convex.</summary>
    public double SemanticWeight { get; set; } = RankFusion.DefaultSemanticWeight;

    /// <summary>Whether searches fuse vector similarity with BM25 (an embedder was given).</summary>
    public bool IsHybrid => _embedder is not null;

    /// <summary>
    /// Documents that have no chunk vectors for this index's embedder yet: all of them in an index
    /// made before semantic search or by another embedding model. The next update embeds them.
    /// </summary>
    public long DocumentsAwaitingEmbedding => _embedder is null
        ? 0
        : Scalar<long>("SELECT count(*) FROM documents WHERE id NOT IN (SELECT doc_id FROM chunks)");

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

        var embedded = await EmbedPendingAsync(cancellationToken);
        return new IndexUpdate(added, updated, unchanged, known.Count, documents, failures, embedded);
    }

    /// <summary>
    /// Searches the index, best first. With an embedder, BM25's ranking and the ranking by each
    /// document's closest chunk to the query are fused by <see cref="RankFusion"/>, so a page that
    /// says the same thing in other words is found too; without one, BM25 alone.
    /// </summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default)
    {
        var depth = Math.Max(limit * 3, 30);
        var lexical = Search(query, depth);
        if (_embedder is null || string.IsNullOrWhiteSpace(query))
        {
            return lexical.Take(limit).ToList();
        }

        var vectors = Vectors();
        if (vectors.Count == 0)
        {
            return lexical.Take(limit).ToList();
        }

        var embedding = await _embedder.GenerateVectorAsync(query, cancellationToken: cancellationToken);
        var semantic = vectors.Nearest(embedding.Span, depth);
        var lexicalByUrl = lexical.ToDictionary(h => h.Url, StringComparer.Ordinal);
        var semanticByUrl = new Dictionary<string, (double Score, ChunkVector Chunk)>(StringComparer.Ordinal);
        var semanticUrls = new List<string>();
        foreach (var (id, score, chunk) in semantic)
        {
            var url = UrlOf(id);
            if (url is not null && semanticByUrl.TryAdd(url, (score, chunk)))
            {
                semanticUrls.Add(url);
            }
        }

        var fused = Fusion == HybridFusion.Reciprocal
            ? RankFusion.Reciprocal([lexical.Select(h => h.Url).ToList(), semanticUrls])
            : RankFusion.Convex(lexical.Select(h => (h.Url, h.Score)).ToList(), semanticUrls.Select(u => (u, semanticByUrl[u].Score)).ToList(), SemanticWeight);
        var hits = new List<SearchHit>(limit);
        foreach (var (url, score) in fused.Take(limit))
        {
            if (lexicalByUrl.TryGetValue(url, out var hit))
            {
                hits.Add(hit with { Score = score });
            }
            else if (ChunkHit(url, semanticByUrl[url].Chunk, score) is { } found)
            {
                hits.Add(found);
            }
        }

        return hits;
    }

    /// <summary>Searches the index with BM25 alone (title weighted above body); best first.</summary>
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
            hits.Add(new SearchHit(reader.GetString(0), reader.GetString(1), IndexTerms.Shown(reader.GetString(2)), -reader.GetDouble(3), LocalSearchProvider.ProviderName));
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

        return string.Join(" OR ", terms.Select(IndexTerms.Phrase));
    }

    /// <summary>Embeds the chunks of every document that has none yet, a batch of chunks per model call.</summary>
    private async Task<int> EmbedPendingAsync(CancellationToken cancellationToken)
    {
        if (_embedder is null)
        {
            return 0;
        }

        ForgetVectorsOfAnotherModel();
        var pending = new List<(long Id, string Title, string Text)>();
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, title, text FROM documents WHERE id NOT IN (SELECT doc_id FROM chunks) ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                pending.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var queue = new List<(long Id, TextChunk Chunk, string Input)>();
        var embedded = 0;
        foreach (var (id, title, text) in pending)
        {
            var chunks = TextChunker.Split(text);
            if (chunks.Count == 0)
            {
                chunks.Add(new TextChunk(0, 0));
            }

            // The title is read with every chunk: it says what the chunk is about when the chunk does not.
            queue.AddRange(chunks.Select(c => (id, c, string.Concat(title, ". ", text.AsSpan(c.Start, c.Length)))));
            if (queue.Count >= EmbeddingBatch)
            {
                embedded += await StoreAsync(queue, cancellationToken);
                queue.Clear();
            }
        }

        embedded += await StoreAsync(queue, cancellationToken);
        return embedded;
    }

    private async Task<int> StoreAsync(List<(long Id, TextChunk Chunk, string Input)> queue, CancellationToken cancellationToken)
    {
        if (queue.Count == 0)
        {
            return 0;
        }

        var embeddings = await _embedder!.GenerateAsync(queue.Select(q => q.Input), cancellationToken: cancellationToken);
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            for (var i = 0; i < queue.Count; i++)
            {
                var (id, chunk, _) = queue[i];
                Execute(tx, "INSERT INTO chunks(doc_id, start, length, vector) VALUES ($doc, $start, $length, $vector)", ("$doc", id), ("$start", chunk.Start), ("$length", chunk.Length), ("$vector", Semantic.Vectors.ToBytes(Semantic.Vectors.Normalized(embeddings[i].Vector.Span))));
            }

            tx.Commit();
            _vectors = null;
        }

        return queue.Count;
    }

    /// <summary>Vectors of one model cannot be compared with another's: a change of embedder starts them afresh.</summary>
    private void ForgetVectorsOfAnotherModel()
    {
        var embedder = _embedder!;
        var model = embedder.GetService<EmbeddingGeneratorMetadata>() is { } meta
            ? $"{meta.ProviderName}/{meta.DefaultModelId}/{meta.DefaultModelDimensions}"
            : embedder.GetType().FullName ?? "unknown";
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE key = 'embedder'";
            if (command.ExecuteScalar() as string == model)
            {
                return;
            }

            using var tx = _connection.BeginTransaction();
            Execute(tx, "DELETE FROM chunks");
            Execute(tx, "INSERT OR REPLACE INTO meta(key, value) VALUES ('embedder', $model)", ("$model", model));
            tx.Commit();
            _vectors = null;
        }
    }

    private ChunkVectors Vectors()
    {
        lock (_gate)
        {
            if (_vectors is { } cached)
            {
                return cached;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT doc_id, start, length, vector FROM chunks ORDER BY id";
            using var reader = command.ExecuteReader();
            var list = new List<ChunkVector>();
            while (reader.Read())
            {
                list.Add(new ChunkVector(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2), Semantic.Vectors.FromBytes((byte[])reader.GetValue(3))));
            }

            return _vectors = new ChunkVectors(list);
        }
    }

    private string? UrlOf(long id)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT url FROM documents WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteScalar() as string;
        }
    }

    /// <summary>A hit found by meaning alone: its snippet is the chunk that matched.</summary>
    private SearchHit? ChunkHit(string url, ChunkVector chunk, double score)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT title, substr(text, $start + 1, $length) FROM documents WHERE id = $id";
            command.Parameters.AddWithValue("$id", chunk.DocumentId);
            command.Parameters.AddWithValue("$start", chunk.Start);
            command.Parameters.AddWithValue("$length", Math.Min(chunk.Length, 240));
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new SearchHit(url, reader.GetString(0), Text.Words.NormalizeSpace(reader.GetString(1)) + "…", score, LocalSearchProvider.ProviderName)
                : null;
        }
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
                    Execute(
                        tx,
                        "INSERT INTO documents(file, doc_key, url, title, text, title_terms, text_terms) VALUES ($file, $key, $url, $title, $text, $titleTerms, $textTerms)",
                        ("$file", file),
                        ("$key", doc.Key),
                        ("$url", doc.Url),
                        ("$title", doc.Title),
                        ("$text", doc.Text),
                        ("$titleTerms", (object?)IndexTerms.Of(doc.Title) ?? DBNull.Value),
                        ("$textTerms", (object?)IndexTerms.Of(doc.Text) ?? DBNull.Value));
                }
            }

            tx.Commit();
            _vectors = null;
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

        if (version is 1 or 2)
        {
            // Made before semantic search (1): its text stays; the vectors are added by the next update.
            // Made before Chinese, Japanese and Korean were indexed a character a token (1, 2): the full-text
            // index is built again from the documents it holds.
            using var tx = _connection.BeginTransaction();
            using (var again = _connection.CreateCommand())
            {
                // The transaction holds the write lock: another process that opened the index at the
                // same moment may have migrated it while this one waited.
                again.Transaction = tx;
                again.CommandText = "PRAGMA user_version";
                version = (long)again.ExecuteScalar()!;
                if (version == SchemaVersion)
                {
                    return;
                }
            }

            if (version == 1)
            {
                Execute(tx, ChunkSchema);
            }

            Execute(tx, """
                DROP TRIGGER documents_ai;
                DROP TRIGGER documents_ad;
                DROP TABLE documents_fts;
                ALTER TABLE documents ADD COLUMN title_terms TEXT;
                ALTER TABLE documents ADD COLUMN text_terms TEXT;
                """);
            Execute(tx, FullTextSchema);
            AddTerms(tx);
            Execute(tx, "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')");
            Execute(tx, $"PRAGMA user_version = {SchemaVersion}");
            tx.Commit();
            return;
        }

        if (version != 0)
        {
            throw new InvalidDataException($"The index '{Path}' was made by another version of Fathom (schema {version}). Delete it and run 'fathom index' again.");
        }

        Execute(null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE files(path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL);
            CREATE TABLE documents(id INTEGER PRIMARY KEY, file TEXT NOT NULL, doc_key TEXT NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL, title_terms TEXT, text_terms TEXT);
            CREATE INDEX documents_file ON documents(file);
            CREATE INDEX documents_url ON documents(url);
            """);
        Execute(null, FullTextSchema);
        Execute(null, ChunkSchema);
        Execute(null, $"PRAGMA user_version = {SchemaVersion}");
    }

    /// <summary>Writes the indexed copy of each document that needs one (see <see cref="IndexTerms"/>).</summary>
    private void AddTerms(SqliteTransaction tx)
    {
        var copies = new List<(long Id, string? Title, string? Text)>();
        using (var command = _connection.CreateCommand())
        {
            command.Transaction = tx;
            command.CommandText = "SELECT id, title, text FROM documents";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var (title, text) = (IndexTerms.Of(reader.GetString(1)), IndexTerms.Of(reader.GetString(2)));
                if (title is not null || text is not null)
                {
                    copies.Add((reader.GetInt64(0), title, text));
                }
            }
        }

        foreach (var (id, title, text) in copies)
        {
            Execute(tx, "UPDATE documents SET title_terms = $title, text_terms = $text WHERE id = $id", ("$id", id), ("$title", (object?)title ?? DBNull.Value), ("$text", (object?)text ?? DBNull.Value));
        }
    }

    // The full-text index reads each document through a view that gives the indexed copy where there is one
    // (title_terms, text_terms: see IndexTerms) and the text itself otherwise; snippets come from the same view.
    private const string FullTextSchema = """
        CREATE VIEW documents_terms AS SELECT id, coalesce(title_terms, title) AS title, coalesce(text_terms, text) AS text FROM documents;
        CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents_terms', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
        CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
          INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, coalesce(new.title_terms, new.title), coalesce(new.text_terms, new.text));
        END;
        CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
          INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, coalesce(old.title_terms, old.title), coalesce(old.text_terms, old.text));
        END;
        """;

    private const string ChunkSchema = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE chunks(id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL, start INTEGER NOT NULL, length INTEGER NOT NULL, vector BLOB NOT NULL);
        CREATE INDEX chunks_doc ON chunks(doc_id);
        CREATE TRIGGER documents_chunks_ad AFTER DELETE ON documents BEGIN
          DELETE FROM chunks WHERE doc_id = old.id;
        END;
        """;

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

/// <summary>How a hybrid search fuses BM25 with vector similarity.</summary>
public enum HybridFusion
{
    /// <summary>A weighted sum of the cosine and the query-normalised BM25 score.</summary>
    Convex,

    /// <summary>Reciprocal rank fusion.</summary>
    Reciprocal,
}

/// <summary>What an index update did.</summary>
public sealed record IndexUpdate(int FilesAdded, int FilesUpdated, int FilesUnchanged, int FilesRemoved, int DocumentsIndexed, IReadOnlyList<string> Failures, int ChunksEmbedded = 0);
