using System.Globalization;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Prometheus;

/// <summary>
/// Parses one whole exposition (an HTTP scrape body or a Kafka message) of Prometheus text 0.0.4 or OpenMetrics 1.0
/// into GPU sample events.
/// </summary>
/// <remarks>
/// The dialect is decided for the whole unit before parsing: as <see cref="PrometheusTextParser.Dialect"/> says (a
/// scrape's Content-Type), or (Auto) by <see cref="ExpositionSniffer"/>; a unit where no reading fits most of its
/// timestamps is rejected whole, and in one that was decided by its timestamps a sample whose timestamp is implausible in
/// the chosen reading is that sample's <c>invalid_value</c> reject. In 0.0.4 a bad line is a record-level reject (RecordIndex = its 1-based line number,
/// ByteOffset inside the unit) and the good lines are kept; an OpenMetrics unit with any malformed line, or without its
/// final <c># EOF</c>, is rejected whole as the specification requires (a sample with an unusable value or time is
/// still only that sample's <c>invalid_value</c> reject). Never throws on any byte input. Not thread-safe: one instance per reader.
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
        var om = Parser.Dialect == PrometheusDialect.OpenMetrics;
        if (Parser.Dialect == PrometheusDialect.Auto)
        {
            // The same head as for a file (so a message and a file of the same bytes read alike, and a large message
            // is not scanned twice), plus its last line.
            var head = unit.Length <= ExpositionSniffer.HeadBytes ? unit : unit[..ExpositionSniffer.HeadBytes];
            var verdict = ExpositionSniffer.Detect(head, complete: head.Length == unit.Length, EndsWithEofLine(unit));
            if (verdict.Ambiguous)
            {
                failure = new ParseError(RejectReason.InvalidValue, verdict.Evidence, -1, 0);
                return false;
            }

            om = verdict.Dialect == PrometheusDialect.OpenMetrics;
            if (verdict.HasTimestamps)
            {
                // Decided by the reading most timestamps fit: the few that do not are rejected sample by sample.
                Parser.MarkTimestampsChecked();
            }
        }

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
                // Partial or invalid OpenMetrics expositions are erroneous in their entirety; a valid sample whose
                // value or time cannot be used (invalid_value) is only that sample's reject.
                if (om && error.Reason == RejectReason.Malformed)
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

    /// <summary>Whether the unit's last non-empty line is <c># EOF</c>.</summary>
    private static bool EndsWithEofLine(ReadOnlySpan<byte> unit)
    {
        var text = unit.TrimEnd("\n"u8);
        return text.EndsWith("\n# EOF"u8) || text.SequenceEqual("# EOF"u8);
    }

    private static bool RejectWhole(EventBuffer output, int firstEvent, ParseError error, out ParseError failure)
    {
        output.Truncate(firstEvent);
        failure = error;
        return false;
    }
}
