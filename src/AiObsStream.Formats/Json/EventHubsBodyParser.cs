using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using AiObsStream.Core.Events;
using AiObsStream.Core.Text;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Parses Azure Monitor diagnostic-settings Event Hubs bodies <c>{"records":[...]}</c> (formats.md §1) into events:
/// Azure OpenAI RequestResponse and Audit records, App Insights AppRequests / AppDependencies / AppTraces
/// (evaluations), and AllMetrics platform metric points.
/// </summary>
/// <remarks>
/// <para>A unit is one body: one line of a .jsonl file, one Kafka message, or one whole JSON document. An outer array of
/// bodies <c>[{"records":[...]}, ...]</c> (the Stream Analytics shape in Microsoft's docs) is accepted too; extra
/// top-level keys are ignored.</para>
/// <para>Whole-unit rejects (nothing appended): malformed or truncated JSON (<see cref="RejectReason.Malformed"/>, with
/// the byte offset), <c>records</c> missing or not an array (<see cref="RejectReason.UnknownShape"/>), a unit larger
/// than <see cref="MaxUnitBytes"/> (<see cref="RejectReason.TooLarge"/>). Record-level rejects (unknown category or
/// Type, missing or bad time, values outside their range (<see cref="ValueRanges"/>) or of the wrong JSON type
/// (<see cref="TypeRules"/>)) are reported with their record index; the body's other records are
/// kept. Records that are understood but carry nothing the engine uses (AppTraces without an evaluation) are counted
/// in <see cref="IgnoredRecords"/>.</para>
/// <para>Keys are matched ignoring ASCII case; numbers may be JSON strings; times are ISO-8601 with up to 7 fractional
/// digits, floored to Unix milliseconds. Allocates nothing per record in steady state (strings are interned through
/// a per-instance <see cref="StringPool"/>, dimensions through <see cref="DimsPool.Shared"/>).</para>
/// <para>Not thread-safe: one instance per reader. Never throws on any byte input.</para>
/// </remarks>
public sealed partial class EventHubsBodyParser : IUnitParser, IDisposable
{
    /// <summary>The default <see cref="MaxUnitBytes"/>: 4 MiB (Event Hubs allows 1 MB per event; documents may be bigger).</summary>
    public const int DefaultMaxUnitBytes = 4 * 1024 * 1024;

    private readonly StringPool _strings = new();
    private readonly RecentStrings _callers;

    /// <summary>Reused buffer for <see cref="DependencyTarget"/>'s key (grown on demand, never per record).</summary>
    private byte[] _targetKey = new byte[128];
    private readonly JsonRecordReader _reader = new();
    private readonly DimsCache _dims;
    private readonly MetricDimensions _metricDims;
    private readonly long[] _skippedUnit = new long[SkippedTables.Count];
    private readonly long[] _skippedUndrained = new long[SkippedTables.Count];
    private int _skippedInUnit;
    private bool _unitIsUtf8;

    /// <summary>Creates a parser with its own string pool.</summary>
    public EventHubsBodyParser()
    {
        _dims = new DimsCache(_strings);
        _metricDims = new MetricDimensions(_strings);
        _callers = new RecentStrings(_strings);
    }

    /// <summary>Units larger than this many bytes are rejected whole with <see cref="RejectReason.TooLarge"/>.</summary>
    public int MaxUnitBytes { get; init; } = DefaultMaxUnitBytes;

    /// <summary>
    /// Records understood but not turned into events since creation (App Insights records of a known table that carry
    /// nothing the engine uses, <see cref="SkippedTables"/>): the sum of the per-table counts.
    /// </summary>
    public long IgnoredRecords { get; private set; }

    /// <summary>Whether records were skipped by table since the last <see cref="DrainSkipped"/>.</summary>
    public bool HasSkipped { get; private set; }

    /// <summary>
    /// Adds the per-table counts of records skipped since the last call (in accepted units only) to
    /// <paramref name="into"/> (indexed as <see cref="SkippedTables.Names"/>) and resets them.
    /// </summary>
    public void DrainSkipped(Span<long> into)
    {
        for (var i = 0; i < _skippedUndrained.Length && i < into.Length; i++)
        {
            into[i] += _skippedUndrained[i];
        }

        Array.Clear(_skippedUndrained);
        HasSkipped = false;
    }

    /// <inheritdoc />
    public bool TryParse(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> recordRejects, out ParseError failure)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(recordRejects);
        if (unit.Length > MaxUnitBytes)
        {
            failure = JsonErrors.TooLarge(unit.Length, MaxUnitBytes);
            return false;
        }

        DiscardUnitSkips();
        if (UseFastPath && TryParseFast(unit, output, recordRejects))
        {
            CommitUnitSkips();
            failure = default;
            return true;
        }

        DiscardUnitSkips(); // the fast path may have counted records before it declined
        var eventMark = output.Count;
        var rejectMark = recordRejects.Count;
        bool accepted;
        try
        {
            accepted = ParseUnit(unit, output, recordRejects, out failure);
        }
        catch (JsonException ex)
        {
            failure = JsonErrors.Malformed(unit, ex);
            accepted = false;
        }
        catch (InvalidOperationException ex)
        {
            // Outside a record (an escaped envelope key that does not decode): records are guarded in ParseRecord.
            failure = JsonErrors.Untranscodable(ex, -1);
            accepted = false;
        }

        if (!accepted)
        {
            output.Truncate(eventMark);
            recordRejects.RemoveRange(rejectMark, recordRejects.Count - rejectMark);
        }
        else
        {
            CommitUnitSkips();
        }

        return accepted;
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    /// <summary>Counts a record of a known table that carries nothing used (committed when its unit is accepted).</summary>
    private void Skip(int table)
    {
        _skippedUnit[table]++;
        _skippedInUnit++;
    }

    private void DiscardUnitSkips()
    {
        if (_skippedInUnit > 0)
        {
            Array.Clear(_skippedUnit);
            _skippedInUnit = 0;
        }
    }

    private void CommitUnitSkips()
    {
        if (_skippedInUnit == 0)
        {
            return;
        }

        for (var i = 0; i < _skippedUnit.Length; i++)
        {
            _skippedUndrained[i] += _skippedUnit[i];
        }

        IgnoredRecords += _skippedInUnit;
        HasSkipped = true;
        DiscardUnitSkips();
    }

    private bool ParseUnit(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> rejects, out ParseError failure)
    {
        var reader = new Utf8JsonReader(unit, isFinalBlock: true, state: default);
        reader.Read();
        _unitIsUtf8 = Utf8.IsValid(unit);
        var index = 0;
        var accepted = true;
        failure = default;
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            for (var body = 0; accepted && reader.Read() && reader.TokenType != JsonTokenType.EndArray; body++)
            {
                accepted = reader.TokenType == JsonTokenType.StartObject
                    ? ParseBody(ref reader, unit, output, rejects, ref index, out failure)
                    : Shape(out failure, $"[{body}]: expected a body object {{\"records\":[...]}}, found "
                        + JsonScalars.Describe(reader.TokenType), reader.TokenStartIndex);
            }
        }
        else
        {
            accepted = reader.TokenType == JsonTokenType.StartObject
                ? ParseBody(ref reader, unit, output, rejects, ref index, out failure)
                : Shape(out failure, "expected a JSON object {\"records\":[...]}, found "
                    + JsonScalars.Describe(reader.TokenType), reader.TokenStartIndex);
        }

        // Reading past the root validates that nothing but whitespace follows it (throws otherwise).
        return accepted && !reader.Read();
    }

    private bool ParseBody(ref Utf8JsonReader reader, ReadOnlySpan<byte> unit, EventBuffer output,
        List<ParseError> rejects, ref int index, out ParseError failure)
    {
        var sawRecords = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRecords = IsRecordsKey(ref reader);
            reader.Read();
            if (!isRecords)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return Shape(out failure, "records: expected an array, found " + JsonScalars.Describe(reader.TokenType),
                    reader.TokenStartIndex);
            }

            sawRecords = true;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                ParseRecord(ref reader, unit, output, rejects, index++);
            }
        }

        failure = default;
        return sawRecords || Shape(out failure, "records: missing (expected a body {\"records\":[...]})", -1);
    }

    private static bool IsRecordsKey(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return Ascii.EqualsIgnoreCase(reader.ValueSpan, "records"u8);
        }

        Span<byte> key = stackalloc byte[16];
        return reader.ValueSpan.Length <= key.Length && Ascii.EqualsIgnoreCase(key[..reader.CopyString(key)], "records"u8);
    }

    /// <summary>
    /// The reject of a record holding bytes that are not UTF-8 (any field: a U+FFFD in a dimension is not the value that
    /// was sent), after skipping the record; null when the record is valid UTF-8 (the reader is then not moved).
    /// </summary>
    private static ParseError? InvalidUtf8Record(ref Utf8JsonReader reader, ReadOnlySpan<byte> unit, int index)
    {
        var start = reader.TokenStartIndex;
        var probe = reader;
        probe.Skip();
        var bad = JsonErrors.FirstInvalidUtf8(unit[(int)start..(int)probe.BytesConsumed]);
        if (bad < 0)
        {
            return null;
        }

        reader = probe;
        return JsonErrors.InvalidUtf8(start + bad, unit.Length, index);
    }

    /// <summary>Reads up to the EndObject of the object whose members are at <paramref name="depth"/> + 1.</summary>
    private static void SkipToEndOfObject(ref Utf8JsonReader reader, int depth)
    {
        while (!(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth) && reader.Read())
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth > depth)
            {
                reader.Skip();
            }
        }
    }

    private static bool Shape(out ParseError failure, string message, long offset)
    {
        failure = new ParseError(RejectReason.UnknownShape, message, -1, offset);
        return false;
    }

    private void ParseRecord(ref Utf8JsonReader reader, ReadOnlySpan<byte> unit, EventBuffer output,
        List<ParseError> rejects, int index)
    {
        var offset = reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            rejects.Add(new ParseError(RejectReason.UnknownShape,
                $"records[{index}]: expected an object, found {JsonScalars.Describe(reader.TokenType)}", index, offset));
            reader.Skip();
            return;
        }

        if (!_unitIsUtf8 && InvalidUtf8Record(ref reader, unit, index) is { } badBytes)
        {
            rejects.Add(badBytes);
            return;
        }

        var depth = reader.CurrentDepth;
        _reader.Scratch.Reset();
        try
        {
            _reader.ReadObject(ref reader, JsonKeys.Record, JsonKeys.Properties);
        }
        catch (InvalidOperationException ex)
        {
            // An escape that does not transcode (a lone surrogate \ud800, invalid UTF-8 behind an escape): the reader
            // throws when the string is copied, but stays on a valid token, so the rest of the record is skipped and
            // the body's other records are kept.
            rejects.Add(JsonErrors.Untranscodable(ex, index) with { ByteOffset = offset });
            SkipToEndOfObject(ref reader, depth);
            return;
        }

        var error = Interpret(output, index, unit[(int)offset..(int)reader.BytesConsumed]);
        if (error is not null)
        {
            rejects.Add(error.Value with { RecordIndex = index, ByteOffset = offset });
        }
    }
}
