using System.Text;

namespace Fathom.Models.Tests.Support;

/// <summary>
/// Writes a tiny llama-architecture GGUF model with random weights: one layer, 64-wide, a byte-level
/// SentencePiece vocabulary and a ChatML chat template. It talks nonsense; it exists to prove loading,
/// grammar-constrained sampling and the pipeline without shipping real weights.
/// </summary>
internal static class TinyGguf
{
    private const int Embedding = 64;
    private const int FeedForward = 128;
    private const int Heads = 4;
    private const int Alignment = 32;

    private const string ChatTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    public static string Write(string path, int seed = 7)
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        tokens.AddRange(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        var types = tokens.Select((t, i) => i == 0 ? 2 : i < 3 ? 3 : 6).ToList();
        var vocab = tokens.Count;

        var random = new Random(seed);
        var tensors = new List<(string Name, long[] Shape, float[] Data)>
        {
            ("token_embd.weight", [Embedding, vocab], Noise(random, Embedding * vocab)),
            ("output_norm.weight", [Embedding], Ones(Embedding)),
            ("output.weight", [Embedding, vocab], Noise(random, Embedding * vocab)),
            ("blk.0.attn_norm.weight", [Embedding], Ones(Embedding)),
            ("blk.0.attn_q.weight", [Embedding, Embedding], Noise(random, Embedding * Embedding)),
            ("blk.0.attn_k.weight", [Embedding, Embedding], Noise(random, Embedding * Embedding)),
            ("blk.0.attn_v.weight", [Embedding, Embedding], Noise(random, Embedding * Embedding)),
            ("blk.0.attn_output.weight", [Embedding, Embedding], Noise(random, Embedding * Embedding)),
            ("blk.0.ffn_norm.weight", [Embedding], Ones(Embedding)),
            ("blk.0.ffn_gate.weight", [Embedding, FeedForward], Noise(random, Embedding * FeedForward)),
            ("blk.0.ffn_up.weight", [Embedding, FeedForward], Noise(random, Embedding * FeedForward)),
            ("blk.0.ffn_down.weight", [FeedForward, Embedding], Noise(random, Embedding * FeedForward)),
        };

        using var file = File.Create(path);
        using var w = new BinaryWriter(file, Encoding.UTF8);
        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)tensors.Count);
        var metadata = new List<Action>
        {
            () => String("general.architecture", "llama"),
            () => String("general.name", "fathom-tiny-random"),
            () => U32("general.alignment", Alignment),
            () => U32("llama.context_length", 4096),
            () => U32("llama.embedding_length", Embedding),
            () => U32("llama.block_count", 1),
            () => U32("llama.feed_forward_length", FeedForward),
            () => U32("llama.attention.head_count", Heads),
            () => U32("llama.attention.head_count_kv", Heads),
            () => U32("llama.rope.dimension_count", Embedding / Heads),
            () => F32("llama.attention.layer_norm_rms_epsilon", 1e-5f),
            () => U32("llama.vocab_size", (uint)vocab),
            () => String("tokenizer.ggml.model", "llama"),
            () => StringArray("tokenizer.ggml.tokens", tokens),
            () => F32Array("tokenizer.ggml.scores", tokens.Select(_ => 0f).ToList()),
            () => I32Array("tokenizer.ggml.token_type", types),
            () => U32("tokenizer.ggml.bos_token_id", 1),
            () => U32("tokenizer.ggml.eos_token_id", 2),
            () => U32("tokenizer.ggml.unknown_token_id", 0),
            () => Bool("tokenizer.ggml.add_bos_token", true),
            () => String("tokenizer.chat_template", ChatTemplate),
        };
        w.Write((ulong)metadata.Count);
        metadata.ForEach(m => m());

        ulong offset = 0;
        foreach (var (name, shape, data) in tensors)
        {
            Str(name);
            w.Write((uint)shape.Length);
            foreach (var d in shape)
            {
                w.Write((ulong)d);
            }

            w.Write(0u); // F32
            w.Write(offset);
            offset += Align((ulong)data.Length * 4);
        }

        Pad();
        foreach (var (_, _, data) in tensors)
        {
            foreach (var f in data)
            {
                w.Write(f);
            }

            Pad();
        }

        return path;

        void Str(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            w.Write((ulong)bytes.Length);
            w.Write(bytes);
        }

        void String(string key, string value)
        {
            Str(key);
            w.Write(8u);
            Str(value);
        }

        void U32(string key, uint value)
        {
            Str(key);
            w.Write(4u);
            w.Write(value);
        }

        void F32(string key, float value)
        {
            Str(key);
            w.Write(6u);
            w.Write(value);
        }

        void Bool(string key, bool value)
        {
            Str(key);
            w.Write(7u);
            w.Write(value);
        }

        void StringArray(string key, List<string> values)
        {
            Str(key);
            w.Write(9u);
            w.Write(8u);
            w.Write((ulong)values.Count);
            values.ForEach(Str);
        }

        void F32Array(string key, List<float> values)
        {
            Str(key);
            w.Write(9u);
            w.Write(6u);
            w.Write((ulong)values.Count);
            values.ForEach(w.Write);
        }

        void I32Array(string key, List<int> values)
        {
            Str(key);
            w.Write(9u);
            w.Write(5u);
            w.Write((ulong)values.Count);
            values.ForEach(w.Write);
        }

        void Pad()
        {
            while (file.Position % Alignment != 0)
            {
                w.Write((byte)0);
            }
        }
    }

    private static ulong Align(ulong n) => (n + Alignment - 1) / Alignment * Alignment;

    private static float[] Noise(Random random, int n) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() - 0.5) * 0.2)).ToArray();

    private static float[] Ones(int n) => Enumerable.Repeat(1f, n).ToArray();
}
