using System.Buffers;
using System.Text.Json;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Reads one JSON object into a <see cref="RecordScratch"/> through a <see cref="KeyTable"/>, including a nested
/// <c>properties</c> value given as an object or as a JSON-encoded string.
/// </summary>
/// <remarks>
/// A string-valued <c>properties</c> is read in place from its escaped bytes by <see cref="EscapedObjectScanner"/>
/// when it has the common shape; otherwise it is unescaped into a pooled buffer owned by this instance and read with
/// a second <see cref="Utf8JsonReader"/>. Either way no per-record string is created. Not thread-safe.
/// Malformed outer JSON surfaces as <see cref="JsonException"/> from the caller's reader (the caller catches it at
/// the unit boundary); malformed nested JSON is caught here and reported through <see cref="RecordScratch.NestedError"/>.
/// </remarks>
internal sealed class JsonRecordReader : IDisposable
{
    private const int MaxKeyBytes = 64;
    private byte[] _nested = ArrayPool<byte>.Shared.Rent(4096);

    /// <summary>Creates a reader with its own scratch.</summary>
    public JsonRecordReader() => Scratch = new RecordScratch();

    /// <summary>The fields captured by the last <see cref="ReadObject"/>.</summary>
    public RecordScratch Scratch { get; }

    /// <summary>
    /// Reads the object at <paramref name="reader"/> (positioned on its StartObject) up to its EndObject, capturing
    /// the keys of <paramref name="table"/>; <paramref name="nestedTable"/> is used for <c>properties</c>.
    /// </summary>
    public void ReadObject(ref Utf8JsonReader reader, KeyTable table, KeyTable? nestedTable)
    {
        Span<byte> keyBuffer = stackalloc byte[MaxKeyBytes];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = TryLookup(ref reader, table, keyBuffer, out var spec);
            var key = reader.ValueSpan; // points into the input: still valid after Read (only used in messages)
            reader.Read();
            if (found)
            {
                ReadValue(ref reader, spec, nestedTable, key);
            }

            SkipContainer(ref reader);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Scratch.Dispose();
        var nested = _nested;
        _nested = [];
        if (nested.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(nested);
        }
    }

    private static bool TryLookup(ref Utf8JsonReader reader, KeyTable table, scoped Span<byte> keyBuffer, out KeySpec spec)
    {
        if (!reader.ValueIsEscaped)
        {
            return table.TryGet(reader.ValueSpan, out spec);
        }

        spec = default;
        return reader.ValueSpan.Length <= keyBuffer.Length
            && table.TryGet(keyBuffer[..reader.CopyString(keyBuffer)], out spec);
    }

    /// <summary>
    /// Reads a recognised value by its kind. A value of the wrong JSON type is noted with
    /// <see cref="RecordScratch.MarkProblem"/> (the record kind decides whether it uses the field); null and a blank
    /// string mean absent (<see cref="TypeRules"/>).
    /// </summary>
    private void ReadValue(ref Utf8JsonReader reader, KeySpec spec, KeyTable? nestedTable, ReadOnlySpan<byte> key)
    {
        var s = Scratch;
        switch (spec.Kind)
        {
            case FieldKind.Text when TypeRules.IsStrictText(spec.Field)
                                     && reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null):
                s.MarkProblem(spec.Field, TypeRules.WrongType(key, TypeRules.Text, TypeRules.Found(ref reader)));
                break;
            case FieldKind.Text:
                CaptureText(ref reader, spec.Field, spec.Priority);
                break;
            case FieldKind.Number:
                if (JsonScalars.TryReadDouble(ref reader, out var number))
                {
                    s.SetNumber(spec.Field, spec.Priority, number);
                }
                else if (!IsAbsent(ref reader))
                {
                    var raw = JsonScalars.Excerpt(ref reader);
                    s.MarkInvalid(spec.Field, raw, ValueRanges.Unreadable(spec.Field, key, raw, TypeRules.Found(ref reader)));
                }

                break;
            case FieldKind.Bool:
                if (JsonScalars.TryReadBool(ref reader, out var flag))
                {
                    s.SetNumber(spec.Field, spec.Priority, flag ? 1 : 0);
                }
                else if (!IsAbsent(ref reader))
                {
                    s.MarkProblem(spec.Field, TypeRules.WrongType(key, TypeRules.Bool, TypeRules.Found(ref reader)));
                }

                break;
            case FieldKind.Ticks:
                ReadTicks(ref reader, spec.Field, key);
                break;
            case FieldKind.Time:
                ReadTime(ref reader);
                break;
            case FieldKind.Nested when spec.Field == JsonField.Identity:
                ReadIdentity(ref reader, key);
                break;
            case FieldKind.Nested when nestedTable is not null:
                ReadNested(ref reader, nestedTable);
                break;
        }
    }

    /// <summary>JSON null, or a string that is empty or blank: "absent" for every field kind.</summary>
    private static bool IsAbsent(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null
        || (reader.TokenType == JsonTokenType.String && TypeRules.IsBlank(reader.ValueSpan));

    private void ReadTicks(ref Utf8JsonReader reader, JsonField field, ReadOnlySpan<byte> key)
    {
        var s = Scratch;
        if (!JsonScalars.TryReadInt64(ref reader, out var ticks))
        {
            if (!IsAbsent(ref reader))
            {
                s.MarkProblem(field, TypeRules.WrongType(key, TypeRules.Ticks, TypeRules.Found(ref reader)));
            }

            return;
        }

        if (field == JsonField.RequestTicks)
        {
            s.RequestTicks = ticks;
        }
        else
        {
            s.ResponseTicks = ticks;
        }
    }

    /// <summary>Skips an object or array value not consumed above (Skip is a no-op on scalars; this avoids the call).</summary>
    private static void SkipContainer(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }
    }

    private void ReadTime(ref Utf8JsonReader reader)
    {
        var s = Scratch;
        if (s.TimeState == 1)
        {
            return;
        }

        if (JsonScalars.TryReadTime(ref reader, out var ms))
        {
            s.SetTime(ms);
        }
        else if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True
                 or JsonTokenType.False or JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            s.SetTimeInvalid();
            CaptureText(ref reader, JsonField.Time, 0);
        }
    }

    private void CaptureText(ref Utf8JsonReader reader, JsonField field, byte priority)
    {
        var s = Scratch;
        if (!s.WantsText(field, priority))
        {
            return;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var span = reader.ValueSpan;
                var target = s.ReserveText(span.Length);
                var n = reader.ValueIsEscaped ? reader.CopyString(target) : Copy(span, target);
                s.CommitText(field, priority, n);
                break;
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                s.CommitText(field, priority, Copy(reader.ValueSpan, s.ReserveText(reader.ValueSpan.Length)));
                break;
        }
    }

    private static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
    {
        from.CopyTo(to);
        return from.Length;
    }

    /// <summary>
    /// A Key Vault <c>identity</c> or <c>claim</c>: an object read with <see cref="JsonKeys.Identity"/>; null is absent;
    /// any other type is noted as a problem of <see cref="JsonField.Identity"/> (the record kind decides).
    /// </summary>
    private void ReadIdentity(ref Utf8JsonReader reader, ReadOnlySpan<byte> key)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            ReadObject(ref reader, JsonKeys.Identity, null);
        }
        else if (reader.TokenType != JsonTokenType.Null)
        {
            Scratch.MarkProblem(JsonField.Identity, TypeRules.WrongType(key, "an object", TypeRules.Found(ref reader)));
        }
    }

    private void ReadNested(ref Utf8JsonReader reader, KeyTable nestedTable)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            ReadObject(ref reader, nestedTable, null);
            return;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            if (reader.TokenType != JsonTokenType.Null)
            {
                Scratch.NestedError ??= "expected " + TypeRules.Properties + ", found " + TypeRules.Found(ref reader);
            }

            return; // null: no properties
        }

        if (reader.ValueIsEscaped && EscapedObjectScanner.TryRead(reader.ValueSpan, nestedTable, Scratch))
        {
            return; // the common \"-only shape, read in place; anything else takes the exact path below
        }

        var length = reader.ValueSpan.Length;
        if (_nested.Length < length)
        {
            ArrayPool<byte>.Shared.Return(_nested);
            _nested = ArrayPool<byte>.Shared.Rent(length);
        }

        var json = reader.ValueIsEscaped ? _nested.AsSpan(0, reader.CopyString(_nested)) : reader.ValueSpan;
        ReadNestedDocument(json, nestedTable);
    }

    private void ReadNestedDocument(ReadOnlySpan<byte> json, KeyTable nestedTable)
    {
        var inner = new Utf8JsonReader(json, isFinalBlock: true, state: default);
        try
        {
            if (!inner.Read() || inner.TokenType != JsonTokenType.StartObject)
            {
                Scratch.NestedError = "expected a JSON object inside the string, found "
                    + (inner.TokenType == JsonTokenType.None ? "nothing" : JsonScalars.Describe(inner.TokenType));
                return;
            }

            ReadObject(ref inner, nestedTable, null);
            if (inner.Read())
            {
                Scratch.NestedError = "unexpected data after the JSON object inside the string";
            }
        }
        catch (JsonException ex)
        {
            Scratch.NestedError = "the JSON string is not valid JSON at byte " + ErrorOffset(ex, inner.BytesConsumed);
        }
    }

    /// <summary>The byte offset of a reader error: the position in line for one-line input, else the consumed bytes.</summary>
    public static long ErrorOffset(JsonException ex, long bytesConsumed) =>
        ex.LineNumber == 0 && ex.BytePositionInLine is { } position ? position : bytesConsumed;
}
