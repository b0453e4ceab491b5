using System.Buffers;
using System.Buffers.Text;
using System.Text;
using AiObsStream.Core.Aggregation;

namespace AiObsStream.Formats.Output;

/// <content>
/// The JSONL sink's fast path: a row written straight into the output buffer, byte for byte what <see cref="Write"/>
/// produces through a <see cref="System.Text.Json.Utf8JsonWriter"/> with <c>UnsafeRelaxedJsonEscaping</c> and no
/// indentation.
/// </content>
/// <remarks>
/// The writer's per-call work (state checks, buffer checks, an escaping scan and a transcode per string) was most of a
/// row's cost apart from the numbers; and the quantiles of a small window are often the same value (P90 = P95 = P99),
/// which the writer formats again each time. Only strings the sink's relaxed encoder leaves as they are get written here
/// (printable ASCII without <c>"</c> and <c>\</c>; a test checks each); any other row returns false and goes through
/// <see cref="Write"/>. Numbers are
/// formatted by the same <see cref="Utf8Formatter"/> calls the writer makes, so the bytes are the same.
/// </remarks>
public static partial class MetricRowJson
{
    /// <summary>Everything a row writes apart from its strings: names, punctuation, 3 times, 10 doubles, 2 integers, an id.</summary>
    private const int FixedBytes = 1024;

    /// <summary>Printable ASCII except <c>"</c> and <c>\</c>: what <c>UnsafeRelaxedJsonEscaping</c> writes unescaped.</summary>
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7F - 0x20).Select(static c => (char)c).Where(static c => c is not ('"' or '\\'))]);

    /// <summary>
    /// Appends <paramref name="row"/> as one JSON object (no newline) to <paramref name="output"/>, exactly as
    /// <see cref="Write"/> would; false, with nothing written, when a string needs escaping or a time is out of range.
    /// </summary>
    public static bool TryWriteRaw(MetricRow row, IBufferWriter<byte> output) => TryWriteRaw(row, output, numbers: null);

    /// <summary>
    /// Appends <paramref name="row"/> as <see cref="TryWriteRaw(MetricRow, IBufferWriter{byte})"/> does, taking the digits
    /// of numbers written before from <paramref name="numbers"/> (the same bytes).
    /// </summary>
    public static bool TryWriteRaw(MetricRow row, IBufferWriter<byte> output, FormattedNumberCache? numbers)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(output);
        var d = row.Dims;
        if (!JsonFields.IsTimeInRange(row.WindowStartMs) || !JsonFields.IsTimeInRange(row.WindowEndMs)
            || !IsPlain(row.Metric) || !IsPlain(d.Deployment) || !IsPlain(d.ModelName) || !IsPlain(row.ModelVersion)
            || !IsPlain(d.Operation) || !IsPlain(d.Resource) || !IsPlain(d.Host) || !IsPlain(d.Gpu) || !IsPlain(d.OtherDims)
            || !IsPlain(row.Team) || !IsPlain(row.Project))
        {
            return false;
        }

        var source = JsonFields.SourceName(d.Source).EncodedUtf8Bytes;
        var strings = row.Metric.Length + source.Length + d.Deployment.Length + d.ModelName.Length + row.ModelVersion.Length
            + d.Operation.Length + d.Resource.Length + d.Host.Length + d.Gpu.Length + d.OtherDims.Length + row.Team.Length
            + row.Project.Length;
        var span = output.GetSpan(FixedBytes + strings);
        var n = 0;
        Put(span, ref n, "{\"TimeGenerated\":\""u8);
        var start = n;
        n += JsonFields.FormatTime(row.WindowStartMs, span[n..]).Length;
        var startLength = n - start;
        Put(span, ref n, "\",\"WindowStart\":\""u8);
        span.Slice(start, startLength).CopyTo(span[n..]); // TimeGenerated is the window start
        n += startLength;
        Put(span, ref n, "\",\"WindowEnd\":\""u8);
        n += JsonFields.FormatTime(row.WindowEndMs, span[n..]).Length;
        Put(span, ref n, "\",\"Metric\":\""u8);
        PutAscii(span, ref n, row.Metric);
        Put(span, ref n, "\",\"Source\":\""u8);
        Put(span, ref n, source);
        Put(span, ref n, "\",\"Deployment\":\""u8);
        PutAscii(span, ref n, d.Deployment);
        Put(span, ref n, "\",\"ModelName\":\""u8);
        PutAscii(span, ref n, d.ModelName);
        Put(span, ref n, "\",\"ModelVersion\":\""u8);
        PutAscii(span, ref n, row.ModelVersion);
        Put(span, ref n, "\",\"Operation\":\""u8);
        PutAscii(span, ref n, d.Operation);
        Put(span, ref n, "\",\"Resource\":\""u8);
        PutAscii(span, ref n, d.Resource);
        Put(span, ref n, "\",\"Host\":\""u8);
        PutAscii(span, ref n, d.Host);
        Put(span, ref n, "\",\"Gpu\":\""u8);
        PutAscii(span, ref n, d.Gpu);
        if (d.OtherDims.Length > 0)
        {
            Put(span, ref n, "\",\"OtherDims\":\""u8);
            PutAscii(span, ref n, d.OtherDims);
        }

        Put(span, ref n, "\",\"Count\":"u8);
        n += Integer(row.Count, span[n..]);
        var last = new LastNumber(-1, 0, 0);
        PutNumber(span, ref n, ",\"Sum\":"u8, row.Sum, ref last, numbers);
        PutNumber(span, ref n, ",\"Min\":"u8, row.Min, ref last, numbers);
        PutNumber(span, ref n, ",\"Max\":"u8, row.Max, ref last, numbers);
        PutNumber(span, ref n, ",\"Mean\":"u8, row.Mean, ref last, numbers);
        PutNumber(span, ref n, ",\"P50\":"u8, row.P50, ref last, numbers);
        PutNumber(span, ref n, ",\"P90\":"u8, row.P90, ref last, numbers);
        PutNumber(span, ref n, ",\"P95\":"u8, row.P95, ref last, numbers);
        PutNumber(span, ref n, ",\"P99\":"u8, row.P99, ref last, numbers);
        PutNumber(span, ref n, ",\"Rate\":"u8, row.Rate, ref last, numbers);
        PutNumber(span, ref n, ",\"Share\":"u8, row.Share, ref last, numbers);
        Put(span, ref n, ",\"Revision\":"u8);
        n += Integer(row.Revision, span[n..]);
        Put(span, ref n, ",\"RowId\":\""u8);
        Hex16(row.RowId, span.Slice(n, 16));
        n += 16;
        span[n++] = (byte)'"';
        if (row.Team.Length > 0)
        {
            Put(span, ref n, ",\"Team\":\""u8);
            PutAscii(span, ref n, row.Team);
            span[n++] = (byte)'"';
        }

        if (row.Project.Length > 0)
        {
            Put(span, ref n, ",\"Project\":\""u8);
            PutAscii(span, ref n, row.Project);
            span[n++] = (byte)'"';
        }

        span[n++] = (byte)'}';
        output.Advance(n);
        return true;
    }

    /// <summary>16 lower-case hex digits, as <c>TryFormat(..., "x16", ...)</c> writes them, without parsing the format.</summary>
    private static void Hex16(ulong value, Span<byte> digits)
    {
        for (var i = 15; i >= 0; i--)
        {
            digits[i] = "0123456789abcdef"u8[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    private static bool IsPlain(string value) => value.AsSpan().IndexOfAnyExcept(Plain) < 0;

    private static void Put(Span<byte> span, ref int n, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[n..]);
        n += bytes.Length;
    }

    private static void PutAscii(Span<byte> span, ref int n, string value) => n += Encoding.UTF8.GetBytes(value, span[n..]);

    private static int Integer(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out var written); // the writer's WriteNumber(long) formatting
        return written;
    }

    /// <summary>
    /// Writes <paramref name="value"/> under <paramref name="name"/> unless it is NaN/Inf (an absent column, as
    /// <see cref="JsonFields.WriteNumber(System.Text.Json.Utf8JsonWriter, System.Text.Json.JsonEncodedText, double)"/>); a value with the bits of the
    /// last one written copies its digits instead of formatting them again.
    /// </summary>
    private static void PutNumber(Span<byte> span, ref int n, ReadOnlySpan<byte> name, double value, ref LastNumber last,
        FormattedNumberCache? numbers)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        Put(span, ref n, name);
        var bits = BitConverter.DoubleToInt64Bits(value);
        if (last.Start >= 0 && last.Bits == bits)
        {
            span.Slice(last.Start, last.Length).CopyTo(span[n..]);
            n += last.Length;
            return;
        }

        int written;
        if (numbers is not null)
        {
            written = numbers.Format(value, span[n..]);
        }
        else
        {
            Utf8Formatter.TryFormat(value, span[n..], out written); // the writer's WriteNumber(double) formatting
        }

        last = new LastNumber(n, written, bits);
        n += written;
    }

    /// <summary>Where the last number's digits are in the row's buffer, and its bits (-0 and +0 differ).</summary>
    private readonly record struct LastNumber(int Start, int Length, long Bits);
}
