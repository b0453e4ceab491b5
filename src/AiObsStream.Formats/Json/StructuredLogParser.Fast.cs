using System.Text.Unicode;
using AiObsStream.Core.Events;
using static AiObsStream.Formats.Json.FastJsonGrammar;

namespace AiObsStream.Formats.Json;

/// <content>
/// The fast path: a line that is one JSON object, scanned once by <see cref="FastRecordReader"/> and built by the
/// same code as the exact path. Any doubt (invalid UTF-8, a grammar error, an unusual value spelling, a line that
/// would be rejected) declines, and the line goes through the Utf8JsonReader path unchanged.
/// </content>
public sealed partial class StructuredLogParser
{
    /// <summary>Whether lines are tried on the fast path first (tests turn it off to compare with the exact path).</summary>
    internal bool UseFastPath { get; init; } = true;

    /// <summary>Lines the fast path accepted since creation (tests check that it is really taken).</summary>
    internal long FastPathUnits { get; private set; }

    private bool TryParseFast(ReadOnlySpan<byte> unit, EventBuffer output)
    {
        var at = SkipWhitespace(unit, 0);
        if (at >= unit.Length || unit[at] != (byte)'{' || !Utf8.IsValid(unit))
        {
            return false;
        }

        var s = _reader.Scratch;
        s.Reset();
        if (!FastRecordReader.TryReadObject(unit, ref at, JsonKeys.StructuredLog, null, s, 1)
            || SkipWhitespace(unit, at) != unit.Length || Validate(s) is not null)
        {
            return false; // rejects keep the exact path's messages
        }

        output.Add(Build(s));
        FastPathUnits++;
        return true;
    }
}
