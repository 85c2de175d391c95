namespace Fathom.Models.Gguf;

/// <summary>How a GGUF model is run in this process.</summary>
public sealed record GgufOptions
{
    /// <summary>Context window in tokens (prompt plus answer).</summary>
    public int ContextSize { get; init; } = 8_192;

    /// <summary>Layers offloaded to a GPU; 0 runs on the CPU only (the CPU backend is the one shipped).</summary>
    public int GpuLayers { get; init; }

    /// <summary>CPU threads; null lets llama.cpp choose.</summary>
    public int? Threads { get; init; }

    /// <summary>Receives llama.cpp's own log (it is process-wide); null keeps it quiet.</summary>
    public Microsoft.Extensions.Logging.ILogger? NativeLog { get; init; }
}
