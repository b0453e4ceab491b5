using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Output;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Output;

public sealed class MetricRowJsonRawTests
{
    private const long T0 = 1_763_769_600_000;

    private static readonly JsonWriterOptions SinkOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>The reference: the row through a <see cref="Utf8JsonWriter"/> with the JSONL sink's options.</summary>
    private static string ThroughWriter(MetricRow row)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, SinkOptions))
        {
            MetricRowJson.Write(writer, row);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string? Raw(MetricRow row, FormattedNumberCache? numbers = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        return MetricRowJson.TryWriteRaw(row, buffer, numbers) ? Encoding.UTF8.GetString(buffer.WrittenSpan) : null;
    }

    private static MetricRow Row(string gpu = "GPU-00000001-df24", string metric = "gpu_util", double p50 = 57.16589215872134,
        double p90 = 57.16589215872134, string otherDims = "", string team = "", string project = "", long start = T0) => new()
    {
        WindowStartMs = start,
        WindowEndMs = start + 60_000,
        Metric = metric,
        Dims = new SeriesDims(TelemetrySource.DCGM, "", "", "", "", "", "node-0001", gpu, otherDims),
        ModelVersion = "",
        Count = 4,
        Sum = 1773.241,
        Min = 108.087,
        Max = 678.186,
        Mean = 443.31025,
        P50 = p50,
        P90 = p90,
        P95 = p90,
        P99 = p90,
        Rate = double.NaN,
        Share = 0.25,
        Revision = 3,
        Team = team,
        Project = project,
    };

    [Fact]
    public void TryWriteRaw_GpuRow_MatchesTheWriter() => Assert.Equal(ThroughWriter(Row()), Raw(Row()));

    [Fact]
    public void TryWriteRaw_OptionalColumnsSet_MatchesTheWriter()
    {
        var row = Row(otherDims: "mig=1g.10gb", team: "search", project: "p-1");

        Assert.Equal(ThroughWriter(row), Raw(row));
    }

    [Fact]
    public void TryWriteRaw_EveryPrintableAsciiCharacter_MatchesTheWriter()
    {
        // The relaxed encoder must leave every character the fast path copies as it is ('<', '&', '+', '`' ... included).
        for (var c = (char)0x20; c < 0x7F; c++)
        {
            if (c is '"' or '\\')
            {
                continue;
            }

            var row = Row(gpu: "G" + c + "G");
            Assert.Equal(ThroughWriter(row), Raw(row));
        }
    }

    [Theory]
    [InlineData("a\"b")]
    [InlineData("a\\b")]
    [InlineData("tab\there")]
    [InlineData("caf\u00e9")]
    [InlineData("\u007f")]
    public void TryWriteRaw_StringNeedingEscaping_WritesNothingAndReturnsFalse(string gpu)
    {
        var buffer = new ArrayBufferWriter<byte>();

        Assert.False(MetricRowJson.TryWriteRaw(Row(gpu: gpu), buffer));
        Assert.Equal(0, buffer.WrittenCount);
    }

    [Fact]
    public void TryWriteRaw_TimeOutOfRange_ReturnsFalse() => Assert.Null(Raw(Row(start: long.MaxValue - 120_000)));

    [Fact]
    public void TryWriteRaw_NegativeAndPositiveZero_AreNotTakenForTheSameNumber()
    {
        var row = Row(p50: -0.0, p90: 0.0);

        Assert.Equal(ThroughWriter(row), Raw(row));
        Assert.Contains("\"P50\":-0,\"P90\":0", Raw(row), StringComparison.Ordinal);
    }

    [Fact]
    public void TryWriteRaw_AnyRow_MatchesTheWriterOrDeclines()
    {
        var text = Gen.Elements("", "gpu_util", "node-0001", "GPU-0000-df24", "a\"b", "c\\d", "é", "<&>", "\u0001", "x y");
        var number = Gen.OneOf(
            Gen.Elements(0.0, -0.0, 1.0, 0.1, 57.16589215872134, 1e21, 1e-7, double.NaN, double.PositiveInfinity,
                double.NegativeInfinity, double.MaxValue, double.Epsilon, -123.456),
            Gen.Choose(-1_000_000, 1_000_000).Select(static i => i / 7.0),
            Gen.Choose(int.MinValue, int.MaxValue).Select(static i => BitConverter.Int64BitsToDouble(((long)i << 32) | (uint)i)));
        var gen = from strings in Gen.ArrayOf(text, 11)
                  from numbers in Gen.ArrayOf(number, 10)
                  from repeat in Gen.Choose(0, 9)
                  from count in Gen.Choose(0, int.MaxValue)
                  from revision in Gen.Choose(0, 1000)
                  from minute in Gen.Choose(-1_000_000, 1_000_000)
                  from source in Gen.Choose(0, Enum.GetValues<TelemetrySource>().Length - 1)
                  select (strings, numbers, repeat, count, revision, minute, source);
        var cache = new FormattedNumberCache(); // shared by every row, as in the sink: rows repeat earlier rows' numbers
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (s, v, repeat, count, revision, minute, source) = input;
            v[repeat] = v[Math.Max(0, repeat - 1)]; // quantiles of a small window repeat the value before them
            var row = new MetricRow
            {
                WindowStartMs = T0 + (minute * 60_000L),
                WindowEndMs = T0 + ((minute + 1) * 60_000L),
                Metric = s[0],
                Dims = new SeriesDims((TelemetrySource)source, s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8]),
                ModelVersion = s[3],
                Count = count,
                Sum = v[0],
                Min = v[1],
                Max = v[2],
                Mean = v[3],
                P50 = v[4],
                P90 = v[5],
                P95 = v[6],
                P99 = v[7],
                Rate = v[8],
                Share = v[9],
                Revision = revision,
                Team = s[9],
                Project = s[10],
            };
            var raw = Raw(row);
            var plain = s.All(static x => x.All(static c => c is >= ' ' and < '\u007f' and not '"' and not '\\'));
            return (raw is null ? !plain : raw == ThroughWriter(row)) && raw == Raw(row, cache);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }
}
