using System.Buffers.Binary;
using AiObsStream.Core.Events;
using AiObsStream.Core.Text;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Turns the UTF-8 dimension fields of a record into an interned <see cref="SeriesDims"/>, remembering recent
/// combinations by their bytes so that the common case (a deployment seen recently) neither decodes nor interns.
/// </summary>
/// <remarks>
/// <para>The last combination is checked first (a file of one deployment hits it on every record). Otherwise the
/// fields pick one of <see cref="Buckets"/> buckets of two entries by a cheap hash of their bytes (a new
/// combination replaces the entry of its bucket used less recently); the entry's bytes are compared in full, so the
/// hash only chooses where to look.
/// It replaced eight entries searched in turn and replaced round-robin, which missed on every record of a stream that
/// cycles through more than eight deployments (the 40-deployment workload: each miss decoded six strings and interned
/// a key). What comes back is the same either way: the one instance <see cref="DimsPool.Shared"/> holds for those
/// values.</para>
/// <para>Misses decode through the parser's <see cref="StringPool"/> and intern through <see cref="DimsPool.Shared"/>.
/// Not thread-safe: one per parser instance.</para>
/// </remarks>
internal sealed class DimsCache
{
    /// <summary>Buckets of two entries (a power of two); an entry holds one combination's bytes once used.</summary>
    internal const int Buckets = 512;

    private const int FieldCount = 6;
    private readonly StringPool _strings;
    private readonly Entry?[] _entries = new Entry?[2 * Buckets];
    private readonly byte[] _recent = new byte[Buckets]; // per bucket: the entry used last (0 or 1)
    private Entry? _last;

    /// <summary>Creates a cache decoding through <paramref name="strings"/>.</summary>
    public DimsCache(StringPool strings) => _strings = strings;

    /// <summary>Lookups that had to decode and intern (tests check that a cycle of deployments stops missing).</summary>
    internal long Misses { get; private set; }

    /// <summary>Returns the interned dimensions for these field values (UTF-8; empty = absent).</summary>
    public SeriesDims Get(TelemetrySource source, ReadOnlySpan<byte> deployment, ReadOnlySpan<byte> modelName,
        ReadOnlySpan<byte> modelVersion, ReadOnlySpan<byte> operation, ReadOnlySpan<byte> resource,
        ReadOnlySpan<byte> host)
    {
        if (_last is not null && _last.Matches(source, deployment, modelName, modelVersion, operation, resource, host))
        {
            return _last.Dims!;
        }

        // Two-way: the combination lives in one of the two entries of its bucket; a miss replaces the one of the two
        // used less recently, so two combinations that share a bucket do not evict each other in turn.
        var bucket = (int)(Hash(source, deployment, modelName, modelVersion, operation, resource, host) & (Buckets - 1));
        var slot = 2 * bucket;
        var entry = _entries[slot] ??= new Entry();
        if (!entry.Matches(source, deployment, modelName, modelVersion, operation, resource, host))
        {
            var other = _entries[slot + 1] ??= new Entry();
            if (other.Matches(source, deployment, modelName, modelVersion, operation, resource, host))
            {
                entry = other;
                _recent[bucket] = 1;
            }
            else
            {
                Misses++;
                var key = new DimsKey(source, _strings.Get(deployment), _strings.Get(modelName), _strings.Get(modelVersion),
                    _strings.Get(operation), _strings.Get(resource), _strings.Get(host), string.Empty);
                var way = 1 - _recent[bucket];
                entry = _entries[slot + way]!;
                entry.Store(source, DimsPool.Shared.Intern(key), deployment, modelName, modelVersion, operation, resource, host);
                _recent[bucket] = (byte)way;
            }
        }
        else
        {
            _recent[bucket] = 0;
        }

        _last = entry;
        return entry.Dims!;
    }

    /// <summary>
    /// Where to look: a multiplicative mix of the source, each field's length and up to its first and last eight
    /// bytes (all of a field of up to 16 bytes; longer ones such as resource ids share long prefixes, so their ends
    /// and lengths tell them apart). Only chooses the entry; equality is decided on all the bytes.
    /// </summary>
    internal static ulong Hash(TelemetrySource source, ReadOnlySpan<byte> f0, ReadOnlySpan<byte> f1,
        ReadOnlySpan<byte> f2, ReadOnlySpan<byte> f3, ReadOnlySpan<byte> f4, ReadOnlySpan<byte> f5)
    {
        var h = Mix((ulong)source + 1, f0);
        h = Mix(h, f1);
        h = Mix(h, f2);
        h = Mix(h, f3);
        h = Mix(h, f4);
        h = Mix(h, f5);
        return h ^ (h >> 29);
    }

    private static ulong Mix(ulong h, ReadOnlySpan<byte> field)
    {
        const ulong Prime = 0x9E3779B97F4A7C15;
        h = (h ^ (ulong)field.Length) * Prime;
        if (field.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(field)) * Prime;
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(field[^8..])) * Prime;
        }
        else
        {
            foreach (var b in field)
            {
                h = (h ^ b) * Prime;
            }
        }

        return h ^ (h >> 32);
    }

    private sealed class Entry
    {
        private readonly int[] _lengths = new int[FieldCount];
        private byte[] _bytes = new byte[256];
        private TelemetrySource _source;

        public SeriesDims? Dims { get; private set; }

        public bool Matches(TelemetrySource source, ReadOnlySpan<byte> f0, ReadOnlySpan<byte> f1,
            ReadOnlySpan<byte> f2, ReadOnlySpan<byte> f3, ReadOnlySpan<byte> f4, ReadOnlySpan<byte> f5)
        {
            if (Dims is null || source != _source)
            {
                return false;
            }

            var at = 0;
            return Same(f0, ref at, 0) && Same(f1, ref at, 1) && Same(f2, ref at, 2) && Same(f3, ref at, 3)
                && Same(f4, ref at, 4) && Same(f5, ref at, 5);
        }

        public void Store(TelemetrySource source, SeriesDims dims, ReadOnlySpan<byte> f0, ReadOnlySpan<byte> f1,
            ReadOnlySpan<byte> f2, ReadOnlySpan<byte> f3, ReadOnlySpan<byte> f4, ReadOnlySpan<byte> f5)
        {
            var total = f0.Length + f1.Length + f2.Length + f3.Length + f4.Length + f5.Length;
            if (_bytes.Length < total)
            {
                _bytes = new byte[total]; // only on a miss with long values: bounded by the slot count
            }

            var at = 0;
            Put(f0, ref at, 0);
            Put(f1, ref at, 1);
            Put(f2, ref at, 2);
            Put(f3, ref at, 3);
            Put(f4, ref at, 4);
            Put(f5, ref at, 5);
            _source = source;
            Dims = dims;
        }

        private bool Same(ReadOnlySpan<byte> value, ref int at, int field)
        {
            var length = _lengths[field];
            if (length != value.Length || !value.SequenceEqual(_bytes.AsSpan(at, length)))
            {
                return false;
            }

            at += length;
            return true;
        }

        private void Put(ReadOnlySpan<byte> value, ref int at, int field)
        {
            value.CopyTo(_bytes.AsSpan(at));
            _lengths[field] = value.Length;
            at += value.Length;
        }
    }
}
