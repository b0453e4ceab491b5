using System.Diagnostics.CodeAnalysis;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Prometheus;

/// <summary>
/// Remembers the dimensions built for the raw label sets seen (the bytes between and including the braces), so that a
/// repeated label set costs one vectorised compare, or one hash lookup, instead of interning every value again.
/// </summary>
/// <remarks>
/// <para>dcgm-exporter repeats one label set per GPU for every field: the set last hit is tried first (a GPU's fields
/// written one after the other), then a hash table of every set seen. The table used to be 32 slots scanned in turn,
/// which a file of many nodes (a fleet: 5,000 GPUs) missed once per GPU and field group, rebuilding its dimensions
/// (#12: ~3 % of the GPU fleet run). Sound because the dimensions are a function of the bytes: the mapper's deployment
/// overrides and pools never change during a run.</para>
/// <para>Bounded: at most <see cref="Slots"/> sets (about 200 bytes each); a run with more starts the table over, which
/// costs only rebuilds. Not thread-safe.</para>
/// </remarks>
internal sealed class LabelSetCache
{
    /// <summary>The most label sets remembered at once.</summary>
    public const int Slots = 16_384;

    private readonly Dictionary<byte[], Entry> _sets = new(ContentComparer.Instance);
    private readonly Dictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _byBytes;
    private byte[]? _lastKey;
    private Entry _last;

    public LabelSetCache() => _byBytes = _sets.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>Finds the dimensions and XID code stored for <paramref name="rawLabels"/>.</summary>
    public bool TryGet(ReadOnlySpan<byte> rawLabels, out SeriesDims dims, out string? errCode)
    {
        if (_lastKey is not null && rawLabels.SequenceEqual(_lastKey))
        {
            (dims, errCode) = (_last.Dims, _last.ErrCode);
            return true;
        }

        if (_byBytes.TryGetValue(rawLabels, out var key, out var entry))
        {
            (_lastKey, _last) = (key, entry);
            (dims, errCode) = (entry.Dims, entry.ErrCode);
            return true;
        }

        dims = null!;
        errCode = null;
        return false;
    }

    /// <summary>Stores the dimensions of <paramref name="rawLabels"/> (starting the table over when it is full).</summary>
    public void Add(ReadOnlySpan<byte> rawLabels, SeriesDims dims, string? errCode)
    {
        if (_sets.Count >= Slots)
        {
            _sets.Clear();
        }

        var key = rawLabels.ToArray();
        var entry = new Entry(dims, errCode);
        _sets[key] = entry;
        (_lastKey, _last) = (key, entry);
    }

    private readonly record struct Entry(SeriesDims Dims, string? ErrCode);

    /// <summary>Byte arrays equal by content, looked up by span (no copy per lookup).</summary>
    private sealed class ContentComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static ContentComparer Instance { get; } = new();

        public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode([DisallowNull] byte[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = default(HashCode);
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
