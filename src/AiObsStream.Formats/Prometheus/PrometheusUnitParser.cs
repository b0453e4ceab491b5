using System.Globalization;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Prometheus;

/// <summary>
/// Parses one whole exposition (an HTTP scrape body or a Kafka message) of Prometheus text 0.0.4 or OpenMetrics 1.0
/// into GPU sample events.
/// </summary>
/// <remarks>
/// The dialect is decided for the whole unit before parsing: OpenMetrics when <see cref="PrometheusTextParser.Dialect"/>
/// says so, or (Auto) when the unit has a <c># EOF</c> or <c># UNIT</c> line. In 0.0.4 a bad line is a record-level
/// reject (RecordIndex = its 1-based line number, ByteOffset inside the unit) and the good lines are kept; an
/// OpenMetrics unit with any bad line, or without its final <c># EOF</c>, is rejected whole as the specification
/// requires. Never throws on any byte input. Not thread-safe: one instance per reader.
/// </remarks>
public sealed class PrometheusUnitParser : IUnitParser
{
    /// <summary>Creates a unit parser around <paramref name="parser"/> (or a new default parser).</summary>
    /// <param name="parser">The line parser to use; it is owned by this unit parser from now on.</param>
    public PrometheusUnitParser(PrometheusTextParser? parser = null)
    {
        Parser = parser ?? new PrometheusTextParser();
    }

    /// <summary>The line parser (for its dialect setting and its counters).</summary>
    public PrometheusTextParser Parser { get; }

    /// <summary>Time given to samples without a timestamp (dcgm-exporter never sends one): the scrape time, Unix ms.</summary>
    public long DefaultTimeUnixMs { get; set; }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="output"/> or <paramref name="recordRejects"/> is null.</exception>
    public bool TryParse(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> recordRejects, out ParseError failure)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(recordRejects);
        Parser.Reset();
        var om = Parser.Dialect == PrometheusDialect.OpenMetrics
            || (Parser.Dialect == PrometheusDialect.Auto && LooksLikeOpenMetrics(unit));
        if (om)
        {
            Parser.MarkOpenMetrics();
        }

        var firstEvent = output.Count;
        var offset = 0;
        for (var lineNumber = 1; ; lineNumber++)
        {
            var rest = unit[offset..];
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            if (newline < 0 && line.IsEmpty && lineNumber > 1)
            {
                break; // the newline that ends the last line
            }

            if (!Parser.TryParseLine(line, DefaultTimeUnixMs, output, out var error))
            {
                var located = error with
                {
                    RecordIndex = lineNumber,
                    ByteOffset = offset + Math.Max(0, error.ByteOffset),
                    Message = string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {error.Message}"),
                };
                if (om)
                {
                    return RejectWhole(output, firstEvent, located with { RecordIndex = -1 }, out failure);
                }

                recordRejects.Add(located);
            }

            if (newline < 0)
            {
                break;
            }

            offset += newline + 1;
        }

        if (om && !Parser.SawEof)
        {
            var missing = new ParseError(RejectReason.Malformed,
                "OpenMetrics exposition does not end with '# EOF' (truncated?)", -1, unit.Length);
            return RejectWhole(output, firstEvent, missing, out failure);
        }

        failure = default;
        return true;
    }

    /// <summary>Whether <paramref name="unit"/> has a line that only OpenMetrics has: <c># EOF</c> or <c># UNIT …</c>.</summary>
    internal static bool LooksLikeOpenMetrics(ReadOnlySpan<byte> unit) =>
        HasLineStartingWith(unit, "# EOF"u8, wholeLine: true) || HasLineStartingWith(unit, "# UNIT "u8, wholeLine: false);

    private static bool HasLineStartingWith(ReadOnlySpan<byte> unit, ReadOnlySpan<byte> prefix, bool wholeLine)
    {
        var from = 0;
        while (from < unit.Length)
        {
            var found = unit[from..].IndexOf(prefix);
            if (found < 0)
            {
                return false;
            }

            var at = from + found;
            var end = at + prefix.Length;
            var atLineStart = at == 0 || unit[at - 1] == (byte)'\n';
            var lineEnds = !wholeLine || end == unit.Length || unit[end] is (byte)'\n' or (byte)'\r';
            if (atLineStart && lineEnds)
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    private static bool RejectWhole(EventBuffer output, int firstEvent, ParseError error, out ParseError failure)
    {
        output.Truncate(firstEvent);
        failure = error;
        return false;
    }
}
