using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;
using AiObsStream.Formats.Prometheus;
using AiObsStream.TestKit;

namespace AiObsStream.Formats.Tests.Prometheus;

/// <summary>An 8×A800 scrape whose GPU 0 exports three MIG instances (tests/data/dcgm-mig).</summary>
public class DcgmMigCaptureTests
{
    private const long ScrapeMs = 1_795_345_957_000;
    private const string Gpu0 = "GPU-3f1c9a2e-7b4d-4e58-a1c6-0d9e8b7a6f51";

    [Fact]
    public void TryParse_MigInstances_AreTheirOwnSeries()
    {
        var events = Parse();
        var gpus = events.Select(e => e.Dims.Gpu).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(10, gpus.Count); // 7 whole GPUs + 3 instances of GPU 0
        Assert.Contains(Gpu0 + "/gi1/3g.40gb", gpus);
        Assert.Contains(Gpu0 + "/gi2/2g.20gb", gpus);
        Assert.Contains(Gpu0 + "/gi3/2g.20gb", gpus);
        Assert.DoesNotContain(Gpu0, gpus);
        Assert.All(events, e => Assert.Equal("gpu-a800-node-07", e.Dims.Host));
    }

    [Fact]
    public void FbUsedPct_PairsUsedAndFreeOfTheSameInstance()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process(Parse());
        var rows = new List<MetricRow>();
        agg.AdvanceWatermark(long.MaxValue, rows);
        var fb = rows.Where(r => r.Kind == RowKind.Final && r.Metric == MetricNames.FbUsedPct).ToDictionary(r => r.Dims.Gpu);
        Assert.Equal(10, fb.Count);
        Assert.All(fb.Values, r => Assert.Equal(1, r.Count)); // one pair per series per scrape, never merged
        Assert.Equal(100.0 * 10000 / (10000 + 9967), fb[Gpu0 + "/gi2/2g.20gb"].Max, 6); // 50.08 %, not 40.05 %
        Assert.Equal(100.0 * 30000 / (30000 + 10472), fb[Gpu0 + "/gi1/3g.40gb"].Max, 6);
        Assert.Equal(100.0 * 5000 / (5000 + 14968), fb[Gpu0 + "/gi3/2g.20gb"].Max, 6);
    }

    private static TelemetryEvent[] Parse()
    {
        var parser = new PrometheusUnitParser { DefaultTimeUnixMs = ScrapeMs };
        using var output = new EventBuffer();
        var rejects = new List<ParseError>();
        var bytes = File.ReadAllBytes(TestData.Path("dcgm-mig", "a800-mig-scrape.prom"));
        Assert.True(parser.TryParse(bytes, output, rejects, out var failure), failure.Message);
        Assert.Empty(rejects);
        return output.Span.ToArray();
    }
}
