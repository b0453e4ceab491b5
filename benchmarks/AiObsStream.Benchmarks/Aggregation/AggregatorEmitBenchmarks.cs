// WindowedAggregator steady state, per emitted row: one minute of dcgm-exporter samples (GPUs x 10 fields, 4 scrapes)
// processed, then the watermark advanced a minute, which fires one window (on-time rows) and closes one (final rows),
// as the CLI does on the GPU fleet workload. Run:
//   dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*AggregatorEmitBenchmarks*' --job short --inProcess
// Per row: divide by Gpus x 14 (7 derived metrics per GPU, on time and final); that includes the window's samples
// (about 2.9 per row). Allocation per row is the row itself (144 B since the rarely set fields moved to a side object;
// 176 B before) and nothing else once the pools are warm.
//
// 2026-12-02, shared 2-core AMD EPYC VM, load average 10 to 40 (five other engineers' builds), --iterationCount 15,
// alternating runs; Min is the telling column, the others swing 2x:
// | build                                    | Min per minute (14,000 rows) | per row  | Medians of the runs | Allocated |
// | before (461213b)                         | 6.16 ms                      | 440 ns   | 9.5 / 16.7 / 12.8 ms | 2.35 MB   |
// | after (one-walk quantiles, cached bin    | 5.17 ms                      | 369 ns   | 5.2 / 8.9 / 11.1 ms  | 2.35 MB   |
// |  values, packed slots, inline values)    |                              |          |                      |           |
//
// 2026-12-04, the same VM, load ~1.5, --job short, per build (Gen0 / Gen1 collections per 1,000 operations):
// | main before (edf680d)                    | 3.69 ms                      | 264 ns   | 3.77 ms (145 / 94)   | 2.35 MB   |
// | smaller MetricRow (db9d1c3)              | 3.61 ms                      | 258 ns   | 3.63 ms (117 / 82)   | 1.92 MB   |

using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.Aggregation;

/// <summary>Emission cost of the aggregator per row (the quantiles, the row, the window walk) in steady state.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class AggregatorEmitBenchmarks
{
    private const long T0 = 1_763_809_980_000; // a minute boundary

    private static readonly string[] Fields =
    [
        DcgmFields.GpuUtil, DcgmFields.FbUsed, DcgmFields.FbFree, DcgmFields.GpuTemp, DcgmFields.PowerUsage,
        DcgmFields.SmClock, "DCGM_FI_DEV_MEM_CLOCK", DcgmFields.MemCopyUtil, DcgmFields.EccDbeVolTotal,
        "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION",
    ];

    private readonly List<MetricRow> _rows = [];
    private WindowedAggregator _aggregator = null!;
    private TelemetryEvent[] _minute = null!;
    private long[] _offsets = null!;
    private long _start;

    /// <summary>GPUs in the fleet (10 series each).</summary>
    [Params(1_000)]
    public int Gpus { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var pool = new DimsPool();
        var random = new Random(12);
        var events = new List<TelemetryEvent>();
        var offsets = new List<long>();
        for (var scrape = 0; scrape < 4; scrape++)
        {
            for (var g = 0; g < Gpus; g++)
            {
                var dims = pool.Intern(new DimsKey(TelemetrySource.DCGM, string.Empty, string.Empty, string.Empty,
                    string.Empty, string.Empty, "node-" + (g / 8), "GPU-" + g));
                foreach (var field in Fields)
                {
                    offsets.Add(scrape * 15_000L);
                    events.Add(TelemetryEvent.NewSample(EventKind.GpuSample, T0 + (scrape * 15_000L), dims, field,
                        Math.Round(random.NextDouble() * 100, 1)));
                }
            }
        }

        _minute = [.. events];
        _offsets = [.. offsets];
        _aggregator = new WindowedAggregator(EventTimeOptions.Default);
        _start = T0;

        // Warm up past the allowed lateness so that every minute both fires and closes a window, pools filled.
        for (var i = 0; i < 10; i++)
        {
            Minute();
        }

        if (Minute() != Gpus * 7 * 2)
        {
            throw new InvalidOperationException("expected 7 derived rows per GPU, on time and final, every minute");
        }
    }

    /// <summary>One minute: Gpus x 40 samples in, Gpus x 14 rows out (7 derived metrics, on time and final).</summary>
    [Benchmark(Description = "process a minute + advance (Gpus x 14 rows)")]
    public int ProcessAndEmit() => Minute();

    private int Minute()
    {
        for (var i = 0; i < _minute.Length; i++)
        {
            _minute[i].TimeUnixMs = _start + _offsets[i];
        }

        _aggregator.Process(_minute);
        _start += 60_000;
        _rows.Clear();
        _aggregator.AdvanceWatermark(_start, _rows);
        return _rows.Count;
    }
}
