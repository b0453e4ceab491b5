// The statistics of metric rows written as JSON numbers: the integer fast path of JsonFields.WriteNumber (#12) against
// the writer's double formatting for every value (the path before). Run:
//   dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*MetricRowNumberBenchmarks*' --job short --inProcess
//
// Results: README "Performance figures" (2026-12-03 paragraph).

using System.Buffers;
using System.Text.Json;
using AiObsStream.Formats.Output;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.Sinks;

/// <summary>
/// 10,000 rows × 10 statistics written into a reused buffer, with the GPU fleet's mix of values (as the harness's dcgm
/// file gives them: about 40 % whole numbers, such as zeros, temperatures and clocks, the rest fractional means and
/// quantiles). Divide by 100,000 for the cost per number.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class MetricRowNumberBenchmarks
{
    private const int Rows = 10_000;
    private static readonly JsonEncodedText[] Names =
        [.. new[] { "Sum", "Min", "Max", "Mean", "P50", "P90", "P95", "P99", "Rate", "Share" }.Select(static n => JsonEncodedText.Encode(n))];

    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private double[] _values = [];
    private Utf8JsonWriter _writer = null!;

    /// <summary>Builds the values (fixed seed).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(12);
        _values = new double[Rows * Names.Length];
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = random.Next(10) switch
            {
                < 2 => 0,
                < 4 => random.Next(30, 1_500),
                _ => Math.Round(random.NextDouble() * 400, random.Next(1, 6)) + (random.NextDouble() * 1e-9),
            };
        }

        _writer = new Utf8JsonWriter(_buffer);
    }

    /// <summary>Disposes the writer.</summary>
    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    /// <summary>Every value through the writer's double formatting (before).</summary>
    [Benchmark(Baseline = true, Description = "100,000 numbers, double formatting")]
    public long Doubles() => Write(static (w, name, v) =>
    {
        if (double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
    });

    /// <summary>The shipped path: whole numbers below 10^15 through the integer formatter.</summary>
    [Benchmark(Description = "100,000 numbers, JsonFields.WriteNumber")]
    public long Fields() => Write(JsonFields.WriteNumber);

    private long Write(Action<Utf8JsonWriter, JsonEncodedText, double> write)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        for (var row = 0; row < Rows; row++)
        {
            _writer.WriteStartObject();
            for (var f = 0; f < Names.Length; f++)
            {
                write(_writer, Names[f], _values[(row * Names.Length) + f]);
            }

            _writer.WriteEndObject();
        }

        _writer.Flush();
        return _buffer.WrittenCount;
    }
}
