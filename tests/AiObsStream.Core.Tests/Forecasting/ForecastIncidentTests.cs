using AiObsStream.Core.Events;
using AiObsStream.Core.Forecasting;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Tests.Incidents;

namespace AiObsStream.Core.Tests.Forecasting;

public sealed class ForecastIncidentTests
{
    [Fact]
    public void Process_ForecastSaturationAlert_OpensACapacityIncidentWithItsLeadTime()
    {
        var feed = new IncidentFeed();
        feed.Steady(0, 5, 100, "chat-prod");
        var alert = feed.Rule(ForecastMetricNames.SaturationRule, MetricNames.GpuUtil, 5, 93.5, 90, source: "DCGM") with
        {
            Statistic = Statistic.Mean,
            Operation = string.Empty,
            Score = 120, // lead time, minutes
            ExpectedValue = 91,
            LowerBound = 86,
            UpperBound = 96,
        };
        feed.Tick(5, IncidentFeed.Load(5, "chat-prod", 100), [alert]);
        feed.Tick(6, IncidentFeed.Load(6, "chat-prod", 100));

        var open = Assert.Single(feed.Events, e => e.Status == IncidentStatus.Open);
        Assert.Equal(IncidentCause.Capacity, open.Cause);
        Assert.Contains(open.Evidence, e => e.Name == "forecast_lead_time_min" && e.Value == 120);
        Assert.Contains(open.Evidence, e => e.Name == "forecast_peak" && e.Value == 93.5);
        Assert.Contains("forecast to saturate in 120 min", open.Summary, StringComparison.Ordinal);
    }
}
