using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Prometheus;

/// <summary>
/// Remembers the dimensions built for the last few raw label sets (the bytes between and including the braces), so
/// that a repeated label set costs one vectorised compare instead of interning every value again.
/// </summary>
/// <remarks>
/// dcgm-exporter repeats one label set per GPU for every field, so a handful of slots covers a node. Slots are reused
/// round-robin; their key arrays grow only when a longer label set arrives, so the steady state allocates nothing.
/// Not thread-safe.
/// </remarks>
internal sealed class LabelSetCache
{
    /// <summary>Number of slots (8 GPUs per node on current hardware, up to 7 MIG instances each, and XID lines carry their own label set).</summary>
    public const int Slots = 32;

    private readonly byte[][] _keys = new byte[Slots][];
    private readonly int[] _lengths = new int[Slots];
    private readonly SeriesDims?[] _dims = new SeriesDims?[Slots];
    private readonly string?[] _details = new string?[Slots];
    private int _count;
    private int _next;
    private int _lastHit;

    /// <summary>Finds the dimensions and XID code stored for <paramref name="rawLabels"/>.</summary>
    public bool TryGet(ReadOnlySpan<byte> rawLabels, out SeriesDims dims, out string? errCode)
    {
        if (_count > 0 && Matches(_lastHit, rawLabels))
        {
            dims = _dims[_lastHit]!;
            errCode = _details[_lastHit];
            return true;
        }

        for (var i = 0; i < _count; i++)
        {
            if (Matches(i, rawLabels))
            {
                _lastHit = i;
                dims = _dims[i]!;
                errCode = _details[i];
                return true;
            }
        }

        dims = null!;
        errCode = null;
        return false;
    }

    /// <summary>Stores the dimensions of <paramref name="rawLabels"/>, replacing the oldest slot when full.</summary>
    public void Add(ReadOnlySpan<byte> rawLabels, SeriesDims dims, string? errCode)
    {
        var slot = _next;
        _next = (_next + 1) % Slots;
        _count = Math.Max(_count, slot + 1);
        var key = _keys[slot];
        if (key is null || key.Length < rawLabels.Length)
        {
            key = new byte[Math.Max(rawLabels.Length, 64)];
            _keys[slot] = key;
        }

        rawLabels.CopyTo(key);
        _lengths[slot] = rawLabels.Length;
        _dims[slot] = dims;
        _details[slot] = errCode;
        _lastHit = slot;
    }

    private bool Matches(int slot, ReadOnlySpan<byte> rawLabels) =>
        _lengths[slot] == rawLabels.Length && _keys[slot].AsSpan(0, rawLabels.Length).SequenceEqual(rawLabels);
}
