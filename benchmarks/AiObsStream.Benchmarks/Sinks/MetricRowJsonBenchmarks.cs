// A metric row's JSON line into memory: through the Utf8JsonWriter (MetricRowJson.Write) or straight into the buffer
// (MetricRowJson.TryWriteRaw, the JSONL sink's path since #12). Run:
//   dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*MetricRowJsonBenchmarks*' --job short --inProcess
//
// 2026-12-04, shared 2-core VM (AMD EPYC, .NET 10.0, ShortRun, in-process), load average 16-17 from other builds:
// absolute times are inflated and swing between runs (an earlier run of the same code: 40.5 / 29.6 ms min); the rows of
// one run ran in the same process and compare. 10,000 rows, per row at the min: 3.9 → 2.0 µs.
//
// | Method         | Mean     | StdDev   | Min      | Median   | Ratio | Allocated |
// |--------------- |---------:|---------:|---------:|---------:|------:|----------:|
// | Utf8JsonWriter | 46.27 ms | 8.071 ms | 38.54 ms | 45.63 ms |  1.02 |         - |
// | TryWriteRaw    | 21.22 ms | 1.921 ms | 19.95 ms | 20.28 ms |  0.47 |         - |
//
// What is left is mostly the shortest round-trip formatting of the doubles (Utf8Formatter, as the writer calls it).
//
// 2026-12-04, repeated numbers from a 4,096-slot table (FormattedNumberCache), load average ~35, same process:
//
// | Method                               | Mean      | Median    | Min      | Allocated |
// |------------------------------------- |----------:|----------:|---------:|----------:|
// | Utf8JsonWriter                       | 162.99 ms | 207.45 ms | 61.90 ms |         - |
// | TryWriteRaw                          |  37.63 ms |  35.62 ms | 31.61 ms |         - |
// | 'TryWriteRaw + FormattedNumberCache' |  12.84 ms |  12.99 ms | 12.52 ms |         - |
//
// These rows repeat more than real ones (their quantiles take 650 values): in the GPU fleet's 140 K written rows 70 % of
// the numbers (59 % of those longer than 8 characters) were in the table, so expect less than this 2.5x end to end.

using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Output;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.Sinks;

/// <summary>
/// 10,000 GPU rows shaped like the dcgm workload's output (the harness's 600 K-line file: whole numbers for count, sum,
/// min, max and mean, long quantiles that repeat in a small window) written as lines into a reused buffer.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class MetricRowJsonBenchmarks
{
    private const long T0 = 1_763_769_600_000;
    private const int RowCount = 10_000;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private List<MetricRow> _rows = [];
    private readonly FormattedNumberCache _numbers = new();
    private Utf8JsonWriter _writer = null!;

    /// <summary>Builds the rows.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var pool = new DimsPool();
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        for (var i = 0; i < RowCount; i++)
        {
            var gpu = "GPU-" + (i / 7).ToString("D8", System.Globalization.CultureInfo.InvariantCulture) + "-df24-b66e-8801-dfc455b74600";
            var dims = pool.Intern(new DimsKey(TelemetrySource.DCGM, "", "", "", "", "", "node-" + (i / 70).ToString("D4", System.Globalization.CultureInfo.InvariantCulture), gpu));
            var whole = 40 + (i % 50);
            var q = whole + (0.16589215872134 * (1 + (i % 13)));
            _rows.Add(new MetricRow
            {
                WindowStartMs = T0 + ((i % 4) * 60_000L),
                WindowEndMs = T0 + (((i % 4) + 1) * 60_000L),
                Metric = "gpu_util",
                Dims = dims,
                ModelVersion = "",
                Count = 4,
                Sum = whole * 4,
                Min = whole - 3,
                Max = whole + 4,
                Mean = whole,
                P50 = q - 1.7,
                P90 = q,
                P95 = q,
                P99 = q,
            });
        }
    }

    /// <summary>Every row through the writer, as the sink did before.</summary>
    [Benchmark(Baseline = true, Description = "Utf8JsonWriter")]
    public int Writer()
    {
        _buffer.ResetWrittenCount();
        foreach (var row in _rows)
        {
            MetricRowJson.Write(_writer, row);
            _writer.Flush();
            _writer.Reset();
            _buffer.Write("\n"u8);
        }

        return _buffer.WrittenCount;
    }

    /// <summary>Every row straight into the buffer.</summary>
    [Benchmark(Description = "TryWriteRaw")]
    public int Raw()
    {
        _buffer.ResetWrittenCount();
        foreach (var row in _rows)
        {
            MetricRowJson.TryWriteRaw(row, _buffer);
            _buffer.Write("\n"u8);
        }

        return _buffer.WrittenCount;
    }

    /// <summary>Every row straight into the buffer, repeated numbers from one table (the sink's path since #12, 2026-12-04).</summary>
    [Benchmark(Description = "TryWriteRaw + FormattedNumberCache")]
    public int RawCached()
    {
        _buffer.ResetWrittenCount();
        foreach (var row in _rows)
        {
            MetricRowJson.TryWriteRaw(row, _buffer, _numbers);
            _buffer.Write("\n"u8);
        }

        return _buffer.WrittenCount;
    }
}
