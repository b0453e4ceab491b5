using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Network;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Tests.Incidents;
using static AiObsStream.Core.Tests.Incidents.IncidentFeed;

namespace AiObsStream.Core.Tests.Network;

/// <summary>Network rule alerts open <c>network</c> incidents, and latency alerts on the same hosts are explained by them.</summary>
public class NetworkIncidentTests
{
    private static void Serve(IncidentFeed feed, int from, int to, string host = "h1")
    {
        for (var w = from; w < to; w++)
        {
            feed.Tick(w, [.. Load(w, "chat-prod", 100), Gpu(w, "chat-prod", host)]);
        }
    }

    [Theory]
    [InlineData("network-nvlink-errors", NetworkMetricNames.NvlinkErrors)]
    [InlineData("network-pcie-replays", NetworkMetricNames.PcieReplays)]
    [InlineData("network-ib-link-down", NetworkMetricNames.IbLinkDowned)]
    [InlineData("network-ib-errors", NetworkMetricNames.IbErrors)]
    public void Process_NetworkRuleAlert_OpensANetworkIncidentOnItsHost(string rule, string metric)
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        feed.Tick(5, [.. Load(5, "chat-prod", 100), Gpu(5, "chat-prod", "h1")],
            [feed.Rule(rule, metric, 5, 40, 0, "DCGM", deployment: string.Empty, host: "h1", severity: Severity.Critical)]);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.Network, open.Cause);
        Assert.Contains("h1", open.Hosts);
    }

    [Theory]
    [InlineData(NetworkMetricNames.IbRxBytesPerSecond)]
    [InlineData(NetworkMetricNames.NvlinkTxBytesPerSecond)]
    [InlineData(NetworkMetricNames.NvlinkBandwidthPerSecond)]
    public void Process_ThroughputDropAlone_OpensNoIncident(string metric)
    {
        // a deployment whose traffic stops drops its ports' throughput just as a failing link does
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        feed.Tick(5, [.. Load(5, "chat-prod", 100), Gpu(5, "chat-prod", "h1")], [feed.Anomaly(metric, 5, 1e9, 5e9)]);

        Assert.Empty(feed.Opened());
        Assert.Equal(1, feed.Correlator.ThroughputDrops);
    }

    [Fact]
    public void Process_ThroughputDropBesideALinkDown_JoinsTheNetworkIncident()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        feed.Tick(5, [.. Load(5, "chat-prod", 100), Gpu(5, "chat-prod", "h1")],
            [feed.Rule("network-ib-link-down", NetworkMetricNames.IbLinkDowned, 5, 2, 0, "DCGM", deployment: string.Empty, host: "h1", severity: Severity.Critical)]);
        feed.Tick(6, [.. Load(6, "chat-prod", 100), Gpu(6, "chat-prod", "h1")], [feed.Anomaly(NetworkMetricNames.IbRxBytesPerSecond, 6, 1.8e9, 10e9)]);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.Network, open.Cause);
        Assert.Equal(2, feed.Released.Count);
        Assert.All(feed.Released, a => Assert.Equal(open.IncidentId, a.IncidentId));
        Assert.Equal(0, feed.Correlator.ThroughputDrops);
    }

    [Fact]
    public void Process_ThroughputRiseAnomaly_StillTheNetworkCause()
    {
        // only drops need a link's corroboration (the default rules watch drops only; a user rule may watch rises)
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        feed.Tick(5, [.. Load(5, "chat-prod", 100), Gpu(5, "chat-prod", "h1")], [feed.Anomaly(NetworkMetricNames.PcieTxBytesPerSecond, 5, 9e9, 2e9)]);

        Assert.Equal(IncidentCause.Network, Assert.Single(feed.Opened()).Cause);
    }

    [Fact]
    public void Process_LatencyAlertOfADeploymentOnTheFaultyHost_JoinsTheNetworkIncident()
    {
        var feed = new IncidentFeed();
        Serve(feed, 0, 5);
        feed.Tick(5, [.. Load(5, "chat-prod", 100), Gpu(5, "chat-prod", "h1")],
            [feed.Rule("network-ib-link-down", NetworkMetricNames.IbLinkDowned, 5, 2, 0, "DCGM", deployment: string.Empty, host: "h1", severity: Severity.Critical)]);
        feed.Tick(6, [.. Load(6, "chat-prod", 100), Gpu(6, "chat-prod", "h1")],
            [feed.Rule("latency-p95", MetricNames.LatencyMs, 6, 2400, 1000)]);

        var open = Assert.Single(feed.Opened());
        Assert.Equal(IncidentCause.Network, open.Cause);
        Assert.Equal(2, feed.Released.Count);
        Assert.All(feed.Released, a => Assert.Equal(open.IncidentId, a.IncidentId));
    }

    [Fact]
    public void Process_LatencyAlertOfADeploymentOnAnotherHost_NotExplainedByTheLink()
    {
        var feed = new IncidentFeed();
        for (var w = 0; w < 7; w++)
        {
            feed.Tick(w, [.. Load(w, "chat-prod", 100), .. Load(w, "chat-mini", 100), Gpu(w, "chat-prod", "h1"), Gpu(w, "chat-mini", "h2")]);
        }

        feed.Tick(7, [Gpu(7, "chat-prod", "h1"), Gpu(7, "chat-mini", "h2")],
            [feed.Rule("network-nvlink-errors", NetworkMetricNames.NvlinkErrors, 7, 12, 0, "DCGM", deployment: string.Empty, host: "h1")]);
        feed.Tick(8, [Gpu(8, "chat-prod", "h1"), Gpu(8, "chat-mini", "h2")],
            [feed.Rule("latency-p95", MetricNames.LatencyMs, 8, 2400, 1000, deployment: "chat-mini")]);

        Assert.Equal([IncidentCause.Network, IncidentCause.Unexplained], feed.Opened().Select(e => e.Cause));
    }

    [Fact]
    public void Causes_NetworkWireName_RoundTripsAndSecurityIsNotYetDefined()
    {
        Assert.Equal("network", IncidentCauses.Name(IncidentCause.Network));
        Assert.True(IncidentCauses.TryParse("NETWORK", out var cause));
        Assert.Equal(IncidentCause.Network, cause);
        Assert.Equal(10, (int)IncidentCause.Network);
        Assert.Contains(IncidentCause.Network, IncidentCauses.All);
    }

    [Fact]
    public void DefaultRules_IncludeEveryNetworkRuleAndEachIsValid()
    {
        foreach (var rule in NetworkRules.All)
        {
            Assert.Contains(rule, DefaultRules.All);
            Assert.StartsWith(NetworkRules.Prefix, rule.Name, StringComparison.Ordinal);
            Assert.True(NetworkMetricNames.IsNetwork(rule.Metric));
            rule.Validate();
        }
    }
}
