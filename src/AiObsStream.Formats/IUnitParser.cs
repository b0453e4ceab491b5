using AiObsStream.Core.Events;

namespace AiObsStream.Formats;

/// <summary>
/// Parses one input unit (a line of a .jsonl file, a whole JSON document, a Kafka message) into events.
/// </summary>
/// <remarks>
/// Never throws on any byte input. A unit is either accepted (its events appended; individual bad records inside
/// it reported through the <c>recordRejects</c> list of <see cref="TryParse"/>) or rejected whole (returns false,
/// nothing appended). Implementations are not thread-safe: one instance per reader.
/// </remarks>
public interface IUnitParser
{
    /// <summary>Parses <paramref name="unit"/>, appending events to <paramref name="output"/>.</summary>
    /// <param name="unit">The UTF-8 bytes of the unit (without the trailing newline).</param>
    /// <param name="output">Where events are appended.</param>
    /// <param name="recordRejects">Receives per-record rejects of an accepted unit (with their record index).</param>
    /// <param name="failure">Why the whole unit was rejected, when the result is false.</param>
    /// <returns>True when the unit was accepted.</returns>
    bool TryParse(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> recordRejects, out ParseError failure);
}
