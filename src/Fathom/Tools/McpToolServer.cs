using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Fathom.Tools;

/// <summary>
/// One run's connection to one MCP server. It connects on first use (streamable HTTP first, legacy
/// SSE as the fallback), lists the server's tools, and calls only those in the allowed list, each
/// call under a timeout and with its output capped. A connection that fails stays failed for the
/// run, so an unreachable server costs one timeout, not one per query.
/// </summary>
public sealed partial class McpToolServer : IAsyncDisposable
{
    private readonly McpServerSpec _spec;
    private readonly HttpClient _http;
    private readonly McpToolOptions _options;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _notes = [];
    private McpClient? _client;
    private HashSet<string>? _tools;
    private IReadOnlyList<McpClientTool> _functions = [];
    private McpToolException? _connectFailure;

    internal McpToolServer(McpServerSpec spec, HttpClient http, McpToolOptions options, ILogger? log)
    {
        _spec = spec;
        _http = http;
        _options = options;
        _log = log ?? NullLogger.Instance;
    }

    /// <summary>The server as configured.</summary>
    public McpServerSpec Spec => _spec;

    /// <summary>What went wrong with this server during the run, one line per kind of failure, for the report's notes.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (_notes)
            {
                return [.. _notes];
            }
        }
    }

    /// <summary>The allowed tools the server offers (connecting first).</summary>
    /// <exception cref="McpToolException">The server could not be reached.</exception>
    public async Task<IReadOnlySet<string>> ToolsAsync(CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken);
        return _tools!;
    }

    /// <summary>
    /// The allowed tools other than <c>search</c> and <c>fetch</c> that the server offers, as the SDK's
    /// <see cref="Microsoft.Extensions.AI.AIFunction"/>s (name, description, input schema), for a model
    /// that calls tools (connecting first). They are described to the model only: every call goes
    /// through <see cref="CallAsync"/>, under its timeout, caps and allowed list.
    /// </summary>
    /// <exception cref="McpToolException">The server could not be reached.</exception>
    public async Task<IReadOnlyList<McpClientTool>> FunctionsAsync(CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken);
        return _functions;
    }

    /// <summary>Calls an allowed tool and returns its result as JSON (structured content, or text content parsed as JSON), or its text.</summary>
    /// <exception cref="McpToolException">The tool is not allowed or not offered, the server failed, or the call timed out.</exception>
    public async Task<McpToolOutput> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        if (!_spec.Allows(tool))
        {
            // Never reached through the providers, which check first; a guard for every other caller.
            throw new McpToolException($"MCP server '{_spec.Label}': the tool '{tool}' is not in allowed_tools.");
        }

        var client = await ConnectAsync(cancellationToken);
        if (!_tools!.Contains(tool))
        {
            throw Fail($"does not offer the tool '{tool}' (it offers {Offered()})", "missing tool");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CallTimeout);
        CallToolResult result;
        try
        {
            result = await client.CallToolAsync(tool, arguments, cancellationToken: timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail($"did not answer the '{tool}' call within {_options.CallTimeout.TotalSeconds:0} s", "timeout");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Fail($"failed the '{tool}' call: {Describe(ex)}", "call", ex);
        }

        // JSON is parsed whole (up to a hard ceiling) and capped field by field by its reader: cutting
        // it first would turn a long document into broken JSON, read as plain text.
        var raw = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        var ceiling = Math.Max(_options.MaxResponseChars, _options.MaxOutputChars);
        if (raw.Length > ceiling)
        {
            raw = raw[..ceiling];
        }

        if (result.IsError == true)
        {
            throw Fail($"answered the '{tool}' call with an error: {Shorten(raw)}", "tool error");
        }

        var json = Structured(result) ?? TryParse(raw);
        return new McpToolOutput(json, Cap(raw));
    }

    private async Task<McpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connectFailure is { } failed)
            {
                throw failed;
            }

            if (_client is { } raced)
            {
                return raced;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ConnectTimeout);
            McpClient? client = null;
            try
            {
                var transport = new HttpClientTransport(
                    new HttpClientTransportOptions
                    {
                        Endpoint = _spec.Url,
                        Name = _spec.Label,
                        TransportMode = HttpTransportMode.AutoDetect,
                        ConnectionTimeout = _options.ConnectTimeout,
                        AdditionalHeaders = _spec.BearerToken is { Length: > 0 } token
                            ? new Dictionary<string, string> { ["Authorization"] = "Bearer " + token }
                            : null,
                    },
                    _http,
                    NullLoggerFactory.Instance, // the SDK's own logs may carry request details; ours name the server only
                    ownsHttpClient: false);
                client = await McpClient.CreateAsync(
                    transport,
                    new McpClientOptions
                    {
                        ClientInfo = new Implementation { Name = "fathom", Version = typeof(McpToolServer).Assembly.GetName().Version?.ToString() ?? "1.0" },
                        InitializationTimeout = _options.ConnectTimeout,
                    },
                    NullLoggerFactory.Instance,
                    timeout.Token);
                var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
                _tools = new HashSet<string>(tools.Select(t => t.Name).Where(_spec.Allows), StringComparer.Ordinal);
                _functions = [.. tools.Where(t => _spec.Allows(t.Name) && !McpServerSpec.IsSourceTool(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal)];
                _client = client;
                LogConnected(_log, _spec.Label, _spec.Url.Authority, _tools.Count);
                return client;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }

                var reason = ex is OperationCanceledException ? $"no answer within {_options.ConnectTimeout.TotalSeconds:0} s" : Describe(ex);
                _connectFailure = Fail($"could not be reached: {reason}", "connect", ex);
                throw _connectFailure;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private McpToolException Fail(string what, string kind, Exception? inner = null)
    {
        var message = $"MCP server '{_spec.Label}' ({McpAddress.Describe(_spec.Url)}) {what}";
        lock (_notes)
        {
            if (_kinds.Add(kind))
            {
                _notes.Add(message);
            }
        }

        LogFailed(_log, _spec.Label, McpAddress.Describe(_spec.Url), what);
        return new McpToolException(message, inner);
    }

    private readonly HashSet<string> _kinds = [];

    private string Offered() => _tools is { Count: > 0 } t ? string.Join(", ", t.Order(StringComparer.Ordinal)) : "no allowed tool";

    private string Cap(string text) => text.Length <= _options.MaxOutputChars ? text : text[.._options.MaxOutputChars];

    private JsonElement? Structured(CallToolResult result)
    {
        if (result.StructuredContent is not { } structured)
        {
            return null;
        }

        var element = JsonSerializer.SerializeToElement(structured, McpJsonUtilities.DefaultOptions);
        return element.GetRawText().Length <= Math.Max(_options.MaxResponseChars, _options.MaxOutputChars) ? element : null;
    }

    private static JsonElement? TryParse(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(trimmed);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null && inner is not HttpRequestException)
        {
            inner = inner.InnerException;
        }

        var message = inner is HttpRequestException { StatusCode: { } status } ? $"HTTP {(int)status} {status}" : inner.Message;
        return Shorten(message);
    }

    private static string Shorten(string text)
    {
        var line = new StringBuilder(text.Length).Append(text.ReplaceLineEndings(" ")).ToString().Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            try
            {
                await client.DisposeAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A server that went away cannot be told goodbye.
            }
        }

        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Label} at {Address} connected; {Tools} allowed tools offered")]
    private static partial void LogConnected(ILogger logger, string label, string address, int tools);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Label} at {Address} {What}")]
    private static partial void LogFailed(ILogger logger, string label, string address, string what);
}

/// <summary>A tool's answer: its JSON when it gave any, and its text content.</summary>
public sealed record McpToolOutput(JsonElement? Json, string Text);
