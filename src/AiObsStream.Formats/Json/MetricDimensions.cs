using System.Buffers;
using System.Text;
using System.Text.Json;
using AiObsStream.Core.Events;
using AiObsStream.Core.Text;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Reads the dimensions of one AllMetrics record (formats.md §1.3): the record's members that are not part of the
/// metric point itself, as they appear in real exports (<c>"ApiName":"RenewBlobLease","GeoType":"Primary"</c> next
/// to <c>count</c>/<c>total</c>), and the members of a <c>dimensions</c> object or array of <c>{name, value}</c>.
/// </summary>
/// <remarks>
/// <para>Diagnostic-settings exports usually carry no dimension at all (they are aggregated across dimension values);
/// exports that do carry them must not collapse: two records that differ only by a dimension are two points, so every
/// dimension is part of the record's identity (<see cref="IdentityHash"/>). Named dimensions fill the series columns:
/// <c>ModelDeploymentName</c> → Deployment, <c>ModelName</c> → ModelName, <c>ModelVersion</c> → ModelVersion,
/// <c>ApiName</c> → Operation (keys ignore ASCII case). The others (StatusCode, StreamType, Region, OperationName,
/// GeoType, Authentication, ...) form <see cref="SeriesDims.OtherDims"/>: <c>key=value</c> pairs sorted by key
/// (ordinal), joined by <c>;</c>, with <c>\</c>, <c>;</c> and <c>=</c> escaped by a backslash. A dimension whose value
/// is the record's resource id (ignoring case, e.g. Storage's <c>AccountResourceId</c>) restates the Resource column
/// and is left out. Members that are not dimensions: <c>count, total, minimum, maximum, average, resourceId,
/// _ResourceId, time, TimeGenerated, metricName, timeGrain, category, type, unit, tenantId</c>; null values and other
/// objects or arrays are ignored.</para>
/// <para>Bounded: more than <see cref="MaxDimensions"/> dimensions, or a key or value longer than
/// <see cref="MaxValueBytes"/> bytes, is an implausible record (the caller dead-letters it). Owned by one parser;
/// not thread-safe; allocates only when it meets a new combination (interned through the parser's
/// <see cref="StringPool"/>).</para>
/// </remarks>
internal sealed class MetricDimensions
{
    /// <summary>The most dimensions a record may carry.</summary>
    public const int MaxDimensions = 32;

    /// <summary>The longest key or value, in UTF-8 bytes.</summary>
    public const int MaxValueBytes = 1024;

    private static readonly KeyTable Keys = new(
        ("ModelDeploymentName", new KeySpec(JsonField.Deployment, FieldKind.Text)),
        ("ModelName", new KeySpec(JsonField.ModelName, FieldKind.Text)),
        ("ModelVersion", new KeySpec(JsonField.ModelVersion, FieldKind.Text)),
        ("ApiName", new KeySpec(JsonField.OperationName, FieldKind.Text)),
        ("dimensions", new KeySpec(JsonField.Properties, FieldKind.Nested)),
        ("count", Ignored()), ("total", Ignored()), ("minimum", Ignored()), ("maximum", Ignored()),
        ("average", Ignored()), ("resourceId", Ignored()), ("_ResourceId", Ignored()), ("time", Ignored()),
        ("TimeGenerated", Ignored()), ("metricName", Ignored()), ("timeGrain", Ignored()), ("category", Ignored()),
        ("type", Ignored()), ("unit", Ignored()), ("tenantId", Ignored()));

    private readonly StringPool _strings;
    private readonly Pair[] _pairs = new Pair[MaxDimensions];
    private readonly int[] _named = new int[4];
    private byte[] _bytes = new byte[1024];
    private int _used;
    private int _count;

    /// <summary>Creates a reader interning through <paramref name="strings"/>.</summary>
    public MetricDimensions(StringPool strings) => _strings = strings;

    /// <summary>Set by <see cref="Read"/> when the record's dimensions are unusable: the message fragment.</summary>
    public string? Error { get; private set; }

    /// <summary>Whether the last record carried any dimension.</summary>
    public bool Any => _count > 0;

    /// <summary>A hash of every dimension of the last record (named ones included), in canonical order.</summary>
    public ulong IdentityHash { get; private set; }

    /// <summary>
    /// Reads the dimensions of <paramref name="record"/> (one complete JSON object, already validated by the caller)
    /// whose resource id is <paramref name="resource"/>. Returns false (see <see cref="Error"/>) when they are unusable.
    /// </summary>
    public bool Read(ReadOnlySpan<byte> record, ReadOnlySpan<byte> resource)
    {
        _count = 0;
        _used = 0;
        Error = null;
        Array.Fill(_named, -1);
        var reader = new Utf8JsonReader(record, isFinalBlock: true, state: default);
        try
        {
            reader.Read();
            ReadMembers(ref reader, resource, top: true);
        }
        catch (InvalidOperationException)
        {
            Error = "dimensions: a key or value does not decode to valid Unicode (a lone surrogate escape)";
        }

        if (Error is not null)
        {
            return false;
        }

        Sort();
        IdentityHash = _count == 0 ? 0 : Hash();
        return true;
    }

    /// <summary>The named dimension mapped to <paramref name="field"/> (UTF-8, empty when absent).</summary>
    public ReadOnlySpan<byte> Named(JsonField field)
    {
        var at = _named[Slot(field)];
        return at < 0 ? default : Value(_pairs[at]);
    }

    /// <summary>The canonical, interned form of the dimensions without a column of their own ("" when none).</summary>
    public string OtherDims()
    {
        var others = 0;
        var length = 0;
        for (var i = 0; i < _count; i++)
        {
            if (!_pairs[i].IsNamed)
            {
                others++;
                length += (2 * (_pairs[i].KeyLength + _pairs[i].ValueLength)) + 2;
            }
        }

        if (others == 0)
        {
            return string.Empty;
        }

        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var at = 0;
            for (var i = 0; i < _count; i++)
            {
                if (_pairs[i].IsNamed)
                {
                    continue;
                }

                if (at > 0)
                {
                    rented[at++] = (byte)';';
                }

                at = AppendEscaped(rented, at, Key(_pairs[i]));
                rented[at++] = (byte)'=';
                at = AppendEscaped(rented, at, Value(_pairs[i]));
            }

            return _strings.Get(rented.AsSpan(0, at));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static KeySpec Ignored() => new(JsonField.End, FieldKind.Number);

    private static int Slot(JsonField field) => field switch
    {
        JsonField.Deployment => 0,
        JsonField.ModelName => 1,
        JsonField.ModelVersion => 2,
        _ => 3,
    };

    private void ReadMembers(ref Utf8JsonReader reader, ReadOnlySpan<byte> resource, bool top)
    {
        while (Error is null && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyStart = _used;
            var keyLength = Copy(ref reader);
            var key = _bytes.AsSpan(keyStart, keyLength);
            var known = Keys.TryGet(key, out var spec);
            reader.Read();
            if (top && known && spec.Kind == FieldKind.Nested)
            {
                _used = keyStart;
                ReadNested(ref reader, resource);
                continue;
            }

            if ((top && known && spec.Field == JsonField.End) || !IsScalar(reader.TokenType))
            {
                _used = keyStart; // not a dimension: forget the key
                reader.Skip();
                continue;
            }

            Add(ref reader, keyStart, keyLength, known && spec.Kind == FieldKind.Text ? spec.Field : JsonField.End, resource);
        }
    }

    /// <summary><c>dimensions</c>: an object of key/value members, or an array of <c>{"name":..,"value":..}</c>.</summary>
    private void ReadNested(ref Utf8JsonReader reader, ReadOnlySpan<byte> resource)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            ReadMembers(ref reader, resource, top: false);
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (Error is null && reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            ReadNameValue(ref reader, resource);
        }

        if (Error is null && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
            SkipRest(ref reader);
        }
    }

    private void ReadNameValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> resource)
    {
        int keyStart = -1, keyLength = 0, valueStart = -1, valueLength = 0;
        while (Error is null && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            var isValue = reader.ValueTextEquals("value"u8);
            reader.Read();
            if (isName && reader.TokenType == JsonTokenType.String)
            {
                keyStart = _used;
                keyLength = Copy(ref reader);
            }
            else if (isValue && IsScalar(reader.TokenType))
            {
                valueStart = _used;
                valueLength = Copy(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        if (Error is null && keyStart >= 0 && valueStart >= 0)
        {
            var named = Keys.TryGet(_bytes.AsSpan(keyStart, keyLength), out var spec) && spec.Kind == FieldKind.Text
                ? spec.Field
                : JsonField.End;
            AddPair(keyStart, keyLength, valueStart, valueLength, named, resource);
        }
    }

    private static void SkipRest(ref Utf8JsonReader reader)
    {
        while (reader.TokenType != JsonTokenType.EndArray && reader.Read())
        {
            reader.Skip();
        }
    }

    private static bool IsScalar(JsonTokenType token) =>
        token is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False;

    private void Add(ref Utf8JsonReader reader, int keyStart, int keyLength, JsonField named, ReadOnlySpan<byte> resource)
    {
        var valueStart = _used;
        var valueLength = Copy(ref reader);
        if (Error is null)
        {
            AddPair(keyStart, keyLength, valueStart, valueLength, named, resource);
        }
    }

    private void AddPair(int keyStart, int keyLength, int valueStart, int valueLength, JsonField named,
        ReadOnlySpan<byte> resource)
    {
        if (named == JsonField.End && !resource.IsEmpty
            && Ascii.EqualsIgnoreCase(_bytes.AsSpan(valueStart, valueLength), resource))
        {
            return; // restates the Resource column
        }

        if (_count == MaxDimensions)
        {
            Error = $"dimensions: more than {MaxDimensions}";
            return;
        }

        var isNamed = named != JsonField.End;
        _pairs[_count++] = new Pair(keyStart, keyLength, valueStart, valueLength, isNamed);
    }

    /// <summary>Copies the current string (unescaped), number or literal into the byte arena; returns its length.</summary>
    private int Copy(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (raw.Length > MaxValueBytes)
        {
            Error = $"dimensions: a key or value longer than {MaxValueBytes} bytes";
            return 0;
        }

        if (_bytes.Length - _used < raw.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + raw.Length));
        }

        var target = _bytes.AsSpan(_used, raw.Length);
        var n = reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped
            ? reader.CopyString(target)
            : Copy(raw, target);
        _used += n;
        return n;
    }

    private static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
    {
        from.CopyTo(to);
        return from.Length;
    }

    /// <summary>Insertion sort by key (ordinal bytes): a record has a handful of dimensions.</summary>
    private void Sort()
    {
        for (var i = 1; i < _count; i++)
        {
            var p = _pairs[i];
            var j = i - 1;
            while (j >= 0 && Key(_pairs[j]).SequenceCompareTo(Key(p)) > 0)
            {
                _pairs[j + 1] = _pairs[j];
                j--;
            }

            _pairs[j + 1] = p;
        }

        for (var i = 0; i < _count; i++)
        {
            if (_pairs[i].IsNamed)
            {
                _named[SlotOfKey(Key(_pairs[i]))] = i;
            }
        }
    }

    private static int SlotOfKey(ReadOnlySpan<byte> key) =>
        Keys.TryGet(key, out var spec) ? Slot(spec.Field) : 3;

    private ulong Hash()
    {
        ulong hash = (ulong)_count;
        for (var i = 0; i < _count; i++)
        {
            hash = StableHash64.Combine(StableHash64.Combine(hash, StableHash64.Of(Key(_pairs[i]))), StableHash64.Of(Value(_pairs[i])));
        }

        return hash;
    }

    private static int AppendEscaped(byte[] to, int at, ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (b is (byte)'\\' or (byte)';' or (byte)'=')
            {
                to[at++] = (byte)'\\';
            }

            to[at++] = b;
        }

        return at;
    }

    private ReadOnlySpan<byte> Key(in Pair p) => _bytes.AsSpan(p.KeyStart, p.KeyLength);

    private ReadOnlySpan<byte> Value(in Pair p) => _bytes.AsSpan(p.ValueStart, p.ValueLength);

    /// <summary>One dimension: key and value as ranges of the byte arena.</summary>
    private readonly record struct Pair(int KeyStart, int KeyLength, int ValueStart, int ValueLength, bool IsNamed);
}
