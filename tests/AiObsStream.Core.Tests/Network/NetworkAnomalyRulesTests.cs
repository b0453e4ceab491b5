using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Tests.Network;

/// <summary>
/// The default anomaly rules on network throughput: a link that loses most of its traffic fires, the load's ordinary
/// swings, a load burst and a moderate load step do not.
/// </summary>
public class NetworkAnomalyRulesTests
{
    private const long Bucket = 2_000;
    private static readonly SeriesDims Port = new DimsPool().Intern(new DimsKey(TelemetrySource.DCGM, "chat-prod", "", "", "", "", "aks-gpu-0", "ib:mlx5_0/1"));

    private static MetricRow Row(string metric, long i, double value) => new()
    {
        WindowStartMs = i * Bucket,
        WindowEndMs = (i + 1) * Bucket,
        Metric = metric,
        Dims = Port,
        ModelVersion = "2024-08-06",
        Count = 1,
        Sum = value,
        Min = value,
        Max = value,
        Mean = value,
    };

    private static List<AlertEvent> Firing(string metric, Func<long, double> value, int points = 200)
    {
        var engine = new AnomalyEngine(new AnomalyOptions());
        var output = new List<AlertEvent>();
        for (var i = 0L; i < points; i++)
        {
            engine.EvaluateBucket(i * Bucket, [Row(metric, i, value(i))], output);
        }

        return output.Where(a => a.Status == AlertStatus.Firing).ToList();
    }

    /// <summary>About 5 GB/s with the load's swings: ±15 % slow wave, ±5 % scrape-to-scrape noise (deterministic).</summary>
    private static double Load(long i) => 5e9 * (1 + (0.15 * Math.Sin(i * 0.05)) + (0.05 * Math.Sin(i * 2.1)) + (0.03 * Math.Cos(i * 3.7)));

    [Fact]
    public void Defaults_WatchTheThroughputDropsOfInfinibandAndNvlink_NotPcie()
    {
        var rules = new AnomalyOptions().Rules.Where(r => NetworkMetricNames.IsNetwork(r.Metric)).ToList();

        Assert.Equal(
            [NetworkMetricNames.IbRxBytesPerSecond, NetworkMetricNames.IbTxBytesPerSecond, NetworkMetricNames.NvlinkRxBytesPerSecond,
             NetworkMetricNames.NvlinkTxBytesPerSecond, NetworkMetricNames.NvlinkBandwidthPerSecond],
            rules.Select(r => r.Metric));
        Assert.All(rules, r => Assert.Equal((AnomalyDirection.Down, Statistic.Mean, true), (r.Direction, r.Statistic, r.Floor.IsSet)));
        Assert.Equal(new AnomalyFloor(1e9, 0.5, "B/s"), AnomalyFloors.For(NetworkMetricNames.IbRxBytesPerSecond));
        Assert.Equal(new AnomalyFloor(10e9, 0.5, "B/s"), AnomalyFloors.For(NetworkMetricNames.NvlinkTxBytesPerSecond));
        Assert.Equal(new AnomalyFloor(0, 0.5, ""), AnomalyFloors.For(NetworkMetricNames.NvlinkBandwidthPerSecond));
        Assert.False(AnomalyFloors.For(NetworkMetricNames.PcieRxBytesPerSecond).IsSet);
    }

    [Theory]
    [InlineData(NetworkMetricNames.IbRxBytesPerSecond)]
    [InlineData(NetworkMetricNames.IbTxBytesPerSecond)]
    [InlineData(NetworkMetricNames.NvlinkBandwidthPerSecond)]
    public void LinkLosesFourFifthsOfItsTraffic_Fires(string metric)
    {
        // the simulator's infiniband-link-flap: received data -80 % while the port flaps
        var fired = Assert.Single(Firing(metric, i => i is >= 120 and < 150 ? Load(i) * 0.2 : Load(i)));

        Assert.Equal("anomaly:" + metric, fired.Rule);
        Assert.InRange(fired.StartsAtMs, 120 * Bucket, 123 * Bucket);
        Assert.Equal("chat-prod", fired.Deployment);
    }

    [Fact]
    public void NvlinkGpuLosesItsPeerTraffic_Fires()
    {
        // 200 GB/s of peer traffic, then the GPU's links go down: a few GB/s of residual traffic
        static double Nvlink(long i) => i >= 120 ? 3e9 : 200e9 * (1 + (0.1 * Math.Sin(i * 0.05)) + (0.05 * Math.Sin(i * 2.1)));

        // the drop does not recover: the first alert comes at the onset (a lasting shift may fire again later)
        Assert.Equal(120 * Bucket, Firing(NetworkMetricNames.NvlinkTxBytesPerSecond, Nvlink)[0].StartsAtMs);
    }

    [Theory]
    [InlineData(NetworkMetricNames.IbRxBytesPerSecond)]
    [InlineData(NetworkMetricNames.NvlinkRxBytesPerSecond)]
    [InlineData(NetworkMetricNames.NvlinkBandwidthPerSecond)]
    public void OrdinaryLoadSwings_NoAlert(string metric) => Assert.Empty(Firing(metric, Load, 400));

    [Fact]
    public void LoadBurst_ThroughputRises_NoAlert() =>
        Assert.Empty(Firing(NetworkMetricNames.IbRxBytesPerSecond, i => i is >= 120 and < 150 ? Load(i) * 4 : Load(i)));

    [Fact]
    public void LoadStepDownOfAThird_BelowTheRelativeFloor_NoAlert_ButFiresWithoutIt()
    {
        static double Step(long i) => i >= 120 ? Load(i) * 0.67 : Load(i);

        Assert.Empty(Firing(NetworkMetricNames.IbRxBytesPerSecond, Step));

        var engine = new AnomalyEngine(new AnomalyOptions
        {
            Rules = [new() { Metric = NetworkMetricNames.IbRxBytesPerSecond, Direction = AnomalyDirection.Down, MinAbsoluteChange = 0, MinRelativeChange = 0 }],
        });
        var output = new List<AlertEvent>();
        for (var i = 0L; i < 200; i++)
        {
            engine.EvaluateBucket(i * Bucket, [Row(NetworkMetricNames.IbRxBytesPerSecond, i, Step(i))], output);
        }

        Assert.Contains(output, a => a.Status == AlertStatus.Firing); // the floor, not the detector, keeps it quiet
    }

    [Fact]
    public void NearlyIdlePort_LosingMostOfItsTrickle_BelowTheAbsoluteFloor_NoAlert() =>
        Assert.Empty(Firing(NetworkMetricNames.IbRxBytesPerSecond, i => (i >= 120 ? 0.1 : 1) * Load(i) / 20)); // 250 MB/s -> 25 MB/s
}
