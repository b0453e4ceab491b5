using AiObsStream.Core.Events;
using AiObsStream.Core.Text;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Turns the UTF-8 dimension fields of a record into an interned <see cref="SeriesDims"/>, remembering the last few
/// combinations by their bytes so that the common case (same deployment as a recent record) neither decodes nor hashes.
/// </summary>
/// <remarks>
/// Misses decode through the parser's <see cref="StringPool"/> and intern through <see cref="DimsPool.Shared"/>.
/// Not thread-safe: one per parser instance.
/// </remarks>
internal sealed class DimsCache
{
    private const int Slots = 8;
    private const int FieldCount = 6;
    private readonly StringPool _strings;
    private readonly Entry[] _entries = new Entry[Slots];
    private int _last;
    private int _next;

    /// <summary>Creates a cache decoding through <paramref name="strings"/>.</summary>
    public DimsCache(StringPool strings)
    {
        _strings = strings;
        for (var i = 0; i < Slots; i++)
        {
            _entries[i] = new Entry();
        }
    }

    /// <summary>Returns the interned dimensions for these field values (UTF-8; empty = absent).</summary>
    public SeriesDims Get(TelemetrySource source, ReadOnlySpan<byte> deployment, ReadOnlySpan<byte> modelName,
        ReadOnlySpan<byte> modelVersion, ReadOnlySpan<byte> operation, ReadOnlySpan<byte> resource,
        ReadOnlySpan<byte> host)
    {
        if (_entries[_last].Matches(source, deployment, modelName, modelVersion, operation, resource, host))
        {
            return _entries[_last].Dims!;
        }

        for (var i = 0; i < Slots; i++)
        {
            if (_entries[i].Matches(source, deployment, modelName, modelVersion, operation, resource, host))
            {
                _last = i;
                return _entries[i].Dims!;
            }
        }

        var key = new DimsKey(source, _strings.Get(deployment), _strings.Get(modelName), _strings.Get(modelVersion),
            _strings.Get(operation), _strings.Get(resource), _strings.Get(host), string.Empty);
        var dims = DimsPool.Shared.Intern(key);
        _last = _next;
        _next = (_next + 1) % Slots;
        _entries[_last].Store(source, dims, deployment, modelName, modelVersion, operation, resource, host);
        return dims;
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
