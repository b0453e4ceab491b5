using System.Globalization;
using System.IO.Compression;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.LogAnalytics;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.LogAnalytics;

/// <summary>
/// Delivered rows/s of <see cref="LogAnalyticsSink"/> against a loopback 204 endpoint: serialize, batch (1 MB), gzip,
/// POST, one request in flight. One op = 20,000 AiObsMetrics_CL rows written and flushed (acknowledged).
/// Bytes per row after gzip are printed at cleanup ("gzip bytes/row").
/// </summary>
/// <remarks>
/// dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*LogAnalyticsSink*' --job short
/// 2026-11-22, dev container (2 shared cores, .NET 10, BenchmarkDotNet 0.14.0, ShortRun: wide error bars):
/// | Method               | Compression | Mean     | Error      | StdDev   | Allocated |
/// | WriteAndFlush20kRows | Fastest     | 240.1 ms | 1,090.2 ms | 59.75 ms |  22.27 MB |
/// | WriteAndFlush20kRows | Optimal     | 382.1 ms | 1,111.5 ms | 60.93 ms |  21.28 MB |
/// => ~83,000 rows/s (Fastest) and ~52,000 rows/s (Optimal, the default) delivered and acknowledged, one request in flight;
/// gzip bytes/row 132.0 (Fastest) and 83.0 (Optimal); ~750 uncompressed bytes/row (~1,330 rows per 1 MB request).
/// </remarks>
[MemoryDiagnoser]
public class LogAnalyticsSinkBenchmarks
{
    private const int Rows = 20_000;
    private NoContentServer _server = null!;
    private LogAnalyticsSink _sink = null!;
    private List<MetricRow> _rows = null!;
    private string _spool = null!;

    [Params(CompressionLevel.Fastest, CompressionLevel.Optimal)]
    public CompressionLevel Compression { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = new NoContentServer();
        _spool = Directory.CreateTempSubdirectory("aiobs-la-bench-").FullName;
        _rows = BuildRows();
        _sink = new LogAnalyticsSink(new LogAnalyticsOptions
        {
            Endpoint = _server.Endpoint,
            DcrImmutableId = "dcr-000a00a000a00000a000000aa000a0aa",
            SpoolDirectory = _spool,
            StaticToken = "bench",
            Compression = Compression,
        });
    }

    [Benchmark]
    public async Task WriteAndFlush20kRows()
    {
        _sink.WriteRows(_rows);
        await _sink.FlushAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        var s = _sink.Stats;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {Compression}: rows {s.RowsDelivered}, requests {s.BatchesDelivered}, gzip bytes/row {(double)s.GzipBytesSent / s.RowsDelivered:F1}, spooled {s.SpooledBatches}"));
        await _sink.DisposeAsync();
        _server.Dispose();
        Directory.Delete(_spool, recursive: true);
    }

    /// <summary>Rows shaped like the H100 trace output: 8 GPUs x 4 hosts x 10 DCGM/AOAI metrics per minute.</summary>
    private static List<MetricRow> BuildRows()
    {
        string[] metrics = ["DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_DEV_SM_CLOCK",
            "DCGM_FI_PROF_GR_ENGINE_ACTIVE", "latency_ms", "ttft_ms", "tokens_used", "requests"];
        var rows = new List<MetricRow>(Rows);
        var random = new Random(7);
        for (var i = 0; i < Rows; i++)
        {
            var gpu = i % 8;
            var host = i / 8 % 4;
            var dims = new SeriesDims(TelemetrySource.DCGM, "chat-prod", "gpt-4o", "2024-08-06", string.Empty,
                "/SUBSCRIPTIONS/4F1C2A7E-0B5D-4C1E-9A3B-7E2D1F0C6B8A/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI-PROD-EASTUS2",
                "aks-gpunp-36854149-vmss00000" + host.ToString(CultureInfo.InvariantCulture), "GPU-5c8e2f7a-3b1d-4e6f-9a2b-7c4d1e0f8a9" + gpu.ToString(CultureInfo.InvariantCulture));
            var start = 1_795_000_000_000L + i / 320 * 60_000L;
            var mean = 50 + random.NextDouble() * 40;
            rows.Add(new MetricRow
            {
                WindowStartMs = start, WindowEndMs = start + 60_000, Metric = metrics[i / 32 % metrics.Length], Dims = dims, ModelVersion = "2024-08-06",
                Count = 4, Sum = mean * 4, Min = mean - 5 * random.NextDouble(), Max = mean + 5 * random.NextDouble(), Mean = mean,
                P50 = mean, P90 = mean + 3, P95 = mean + 4, P99 = mean + 4.8,
            });
        }

        return rows;
    }
}
