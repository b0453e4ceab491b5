using System.Text;
using System.Text.Unicode;
using AiObsStream.Core.Events;
using static AiObsStream.Formats.Json.FastJsonGrammar;

namespace AiObsStream.Formats.Json;

/// <content>
/// The fast path: a body <c>{"records":[{...},...], ...}</c> scanned once by <see cref="FastRecordReader"/>, the
/// records interpreted by the same code as the exact path. Any doubt declines: what it wrote is rolled back and
/// the unit goes through the Utf8JsonReader path unchanged (outer arrays of bodies, escaped keys, missing or
/// non-array <c>records</c>, non-object records, unusual value spellings, invalid UTF-8, any grammar error).
/// </content>
public sealed partial class EventHubsBodyParser
{
    /// <summary>Whether units are tried on the fast path first (tests turn it off to compare with the exact path).</summary>
    internal bool UseFastPath { get; init; } = true;

    /// <summary>Units the fast path accepted since creation (tests check that it is really taken).</summary>
    internal long FastPathUnits { get; private set; }

    private bool TryParseFast(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> rejects)
    {
        if (!Utf8.IsValid(unit))
        {
            return false;
        }

        var eventMark = output.Count;
        var rejectMark = rejects.Count;
        if (TryBodyFast(unit, output, rejects))
        {
            FastPathUnits++;
            return true;
        }

        output.Truncate(eventMark);
        rejects.RemoveRange(rejectMark, rejects.Count - rejectMark);
        return false;
    }

    private bool TryBodyFast(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> rejects)
    {
        var at = SkipWhitespace(unit, 0);
        if (at >= unit.Length || unit[at] != (byte)'{')
        {
            return false;
        }

        at = SkipWhitespace(unit, at + 1);
        var index = 0;
        var sawRecords = false;
        var done = at < unit.Length && unit[at] == (byte)'}'; // {}: no records, a shape reject for the exact path
        while (!done)
        {
            if (!TryMemberName(unit, ref at, out var name))
            {
                return false;
            }

            if (Ascii.EqualsIgnoreCase(unit[name], "records"u8))
            {
                sawRecords = true;
                if (unit[at] != (byte)'[' || !TryRecordsFast(unit, ref at, output, rejects, ref index))
                {
                    return false;
                }
            }
            else if (!TrySkipValue(unit, ref at, 1))
            {
                return false;
            }

            if (!TryNext(unit, ref at, (byte)'}', out done))
            {
                return false;
            }
        }

        return sawRecords && SkipWhitespace(unit, at) == unit.Length;
    }

    private bool TryRecordsFast(ReadOnlySpan<byte> unit, ref int at, EventBuffer output, List<ParseError> rejects,
        ref int index)
    {
        at = SkipWhitespace(unit, at + 1);
        var done = at < unit.Length && unit[at] == (byte)']';
        if (done)
        {
            at++;
        }

        while (!done)
        {
            var offset = at;
            if (at >= unit.Length || unit[at] != (byte)'{')
            {
                return false; // a non-object record: the exact path reports it
            }

            var scratch = _reader.Scratch;
            scratch.Reset();
            if (!FastRecordReader.TryReadObject(unit, ref at, JsonKeys.Record, JsonKeys.Properties, scratch, 3))
            {
                return false;
            }

            var error = Interpret(output, index, unit[offset..at]);
            if (error is not null)
            {
                rejects.Add(error.Value with { RecordIndex = index, ByteOffset = offset });
            }

            index++;
            if (!TryNext(unit, ref at, (byte)']', out done))
            {
                return false;
            }
        }

        return true;
    }
}
