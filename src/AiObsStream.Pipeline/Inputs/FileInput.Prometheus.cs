using System.Threading.Channels;
using AiObsStream.Core.Events;
using AiObsStream.Formats;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Pipeline.Inputs;

// This part: Prometheus text 0.0.4 and OpenMetrics files, whose dialect is decided before the first sample.
internal sealed partial class FileInput
{
    /// <summary>How many bytes at the end of a plain file are read to find a final <c># EOF</c> line.</summary>
    private const int TailBytes = 64;

    private async Task ReadPrometheusAsync(UnitReader reader, BatchBuilder builder, UnitRouter router, byte[] head,
        ChannelWriter<InputBatch> output, CancellationToken ct)
    {
        // The dialect decides how every timestamp reads (0.0.4 ms, OpenMetrics s), so it is settled from the head (and a
        // final '# EOF' of a large plain file) before the first sample, by its markers and the reading most of its
        // timestamps fit; a file that no reading fits is rejected whole, a sample whose timestamp does not fit is
        // rejected alone (one damaged line never decides for, or costs, the whole file).
        var whole = head.Length < SniffBytes;
        var verdict = ExpositionSniffer.Detect(head, whole, !whole && EndsWithEofLine(_path));
        if (verdict.Ambiguous)
        {
            builder.Current.Units++;
            builder.Reject(1, new ParseError(RejectReason.InvalidValue, verdict.Evidence + "; the file is not read", -1, 0), head);
            return;
        }

        var parser = router.Prometheus;
        parser.Dialect = verdict.Dialect;
        parser.MissingTimestamps = verdict.HasTimestamps ? MissingTimestampPolicy.Reject : MissingTimestampPolicy.RejectOnceTimestamped;
        parser.RejectImplausibleTimestamps = true; // the dialect is the reading most timestamps fit; the rest cost their own sample
        var defaultTime = new DateTimeOffset(File.GetLastWriteTimeUtc(_path)).ToUnixTimeMilliseconds();
        if (verdict.Dialect == PrometheusDialect.OpenMetrics)
        {
            await ReadOpenMetricsAsync(reader, builder, router, defaultTime, output, ct).ConfigureAwait(false);
            return;
        }

        while (true)
        {
            var (ok, unit, tooLarge, length) = await reader.NextAsync(ct).ConfigureAwait(false);
            if (!ok)
            {
                return;
            }

            if (tooLarge)
            {
                builder.RejectTooLarge(reader.LineNumber, length, unit.Span);
            }
            else
            {
                var before = builder.Current.Events.Count;
                ParseError failure;
                bool parsed;
#pragma warning disable CA1031 // unit boundary: a parser fault on one line dead-letters that line, the input goes on
                try
                {
                    parsed = parser.TryParseLine(unit.Span, defaultTime, builder.Current.Events, out failure);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    parsed = false;
                    failure = BatchBuilder.Fault(ex);
                }
#pragma warning restore CA1031

                if (parsed)
                {
                    builder.Accepted(before, reader.LineNumber, unit.Length);
                }
                else
                {
                    builder.Current.Events.Truncate(before);
                    builder.Current.Units++;
                    builder.Reject(reader.LineNumber, failure, unit.Span);
                }
            }

            if (builder.IsFull)
            {
                await output.WriteAsync(builder.Take(), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Reads an OpenMetrics file exposition by exposition (each ends with its <c># EOF</c> line; a capture may hold
    /// several), so that a partial or invalid exposition is rejected whole, as the specification requires.
    /// </summary>
    private async Task ReadOpenMetricsAsync(UnitReader reader, BatchBuilder builder, UnitRouter router, long defaultTime,
        ChannelWriter<InputBatch> output, CancellationToken ct)
    {
        using var exposition = new MemoryStream();
        long firstLine = 0;
        var completed = 0;
        var tooLarge = false;
        while (true)
        {
            var (ok, line, lineTooLarge, _) = await reader.NextAsync(ct).ConfigureAwait(false);
            if (!ok)
            {
                break;
            }

            if (exposition.Length == 0 && !tooLarge)
            {
                firstLine = reader.LineNumber;
            }

            tooLarge |= lineTooLarge || exposition.Length + line.Length >= _options.MaxUnitBytes;
            if (!tooLarge)
            {
                exposition.Write(line.Span);
                exposition.WriteByte((byte)'\n');
            }

            if (line.Span.SequenceEqual("# EOF"u8))
            {
                completed++;
                Flush(builder, router, defaultTime, exposition, firstLine, ref tooLarge);
                if (builder.IsFull)
                {
                    await output.WriteAsync(builder.Take(), ct).ConfigureAwait(false);
                }
            }
        }

        // What follows the last '# EOF' (or a file without one) is a truncated exposition, rejected whole: after a
        // complete exposition it is reported as text after '# EOF', otherwise the parser names what is wrong.
        var rest = exposition.GetBuffer().AsSpan(0, (int)exposition.Length);
        if (completed > 0 && !tooLarge && !rest.Trim(" \t\r\n"u8).IsEmpty)
        {
            builder.Current.Units++;
            builder.Reject(firstLine, new ParseError(RejectReason.Malformed,
                $"content after '# EOF' (line {firstLine}) that does not end with a '# EOF' of its own: text after the end of an exposition, or a truncated one", -1, 0), rest);
        }
        else if (exposition.Length > 0 || tooLarge)
        {
            Flush(builder, router, defaultTime, exposition, firstLine, ref tooLarge);
        }
    }

    private void Flush(BatchBuilder builder, UnitRouter router, long defaultTime, MemoryStream exposition, long firstLine,
        ref bool tooLarge)
    {
        var bytes = exposition.GetBuffer().AsSpan(0, (int)exposition.Length);
        if (tooLarge)
        {
            builder.RejectTooLarge(firstLine, Math.Max(exposition.Length, _options.MaxUnitBytes), bytes);
        }
        else if (!bytes.Trim(" \t\r\n"u8).IsEmpty) // blank lines after the last '# EOF' end the file, they are no exposition
        {
            router.Accept(builder, bytes, firstLine, InputFormat.Prometheus, dialect: PrometheusDialect.OpenMetrics,
                defaultTimeUnixMs: defaultTime);
        }

        exposition.SetLength(0);
        tooLarge = false;
    }

    /// <summary>Whether a plain (not gzip) file's last line is <c># EOF</c>: an OpenMetrics marker beyond the head.</summary>
    private static bool EndsWithEofLine(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            Span<byte> magic = stackalloc byte[2];
            if (file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            {
                return false; // gzip: the tail is compressed
            }

            Span<byte> tail = stackalloc byte[TailBytes];
            file.Position = Math.Max(0, file.Length - TailBytes);
            var n = file.ReadAtLeast(tail, TailBytes, throwOnEndOfStream: false);
            var text = tail[..n].TrimEnd("\n"u8);
            return text.EndsWith("\n# EOF"u8) || text.SequenceEqual("# EOF"u8);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
