using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>The parsers under fuzz, each driven the way the engine drives it.</summary>
internal static class FuzzTargets
{
    /// <summary>The time a file reader gives samples without a timestamp (stands in for the file's modification time).</summary>
    public const long FileTimeUnixMs = 1_796_000_000_000;

    public static FuzzTarget EventHubs(bool fastPath) => new EventHubsTarget(fastPath);

    public static FuzzTarget StructuredLog(bool fastPath) => new LogTarget(fastPath);

    /// <summary>File mode: one parser, one line at a time (as FileInput reads .prom files).</summary>
    public static FuzzTarget PrometheusLines() => new LineTarget();

    /// <summary>Scrape / Kafka mode: one whole exposition per unit.</summary>
    public static FuzzTarget PrometheusExpositions() => new ExpositionTarget();

    private sealed class EventHubsTarget(bool fastPath) : FuzzTarget
    {
        protected override Session Start() => new S(new EventHubsBodyParser { UseFastPath = fastPath });

        private sealed class S(EventHubsBodyParser parser) : Session
        {
            public override long Uncounted => parser.IgnoredRecords;

            public override bool TryParse(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> recordRejects, out ParseError failure) =>
                parser.TryParse(unit, output, recordRejects, out failure);

            public override void Close() => parser.Dispose();
        }
    }

    private sealed class LogTarget(bool fastPath) : FuzzTarget
    {
        protected override Session Start() => new S(new StructuredLogParser { UseFastPath = fastPath });

        private sealed class S(StructuredLogParser parser) : Session
        {
            public override long Uncounted => 0;

            public override bool TryParse(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> recordRejects, out ParseError failure) =>
                parser.TryParse(unit, output, recordRejects, out failure);

            public override void Close() => parser.Dispose();
        }
    }

    private sealed class LineTarget : FuzzTarget
    {
        protected override Session Start() => new S(new PrometheusTextParser());

        private sealed class S(PrometheusTextParser parser) : Session
        {
            public override long Uncounted => parser.SkippedSamples + parser.IgnoredSamples;

            public override bool TryParse(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> recordRejects, out ParseError failure)
            {
                var before = output.Count;
                if (parser.TryParseLine(unit, FileTimeUnixMs, output, out failure))
                {
                    return true;
                }

                output.Truncate(before); // as FileInput does: a rejected line leaves nothing behind
                return false;
            }
        }
    }

    private sealed class ExpositionTarget : FuzzTarget
    {
        protected override Session Start() => new S(new PrometheusUnitParser { DefaultTimeUnixMs = FileTimeUnixMs });

        private sealed class S(PrometheusUnitParser parser) : Session
        {
            public override long Uncounted => parser.Parser.SkippedSamples + parser.Parser.IgnoredSamples;

            public override bool TryParse(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> recordRejects, out ParseError failure) =>
                parser.TryParse(unit, output, recordRejects, out failure);
        }
    }
}
