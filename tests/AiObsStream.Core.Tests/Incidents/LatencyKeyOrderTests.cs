using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using FsCheck;
using FsCheck.Fluent;
using static AiObsStream.Core.Tests.Cost.CostRows;

namespace AiObsStream.Core.Tests.Incidents;

public class LatencyKeyOrderTests
{
    private static MetricRow Latency(string deployment, string version, long windowMs) =>
        Row(windowMs, MetricNames.LatencyMs, Dims(TelemetrySource.AzureOpenAI, deployment, "gpt-4o", version), 100, 10, RowKind.OnTime, version: version);

    private static string Composite(MetricRow row) => string.Join('|', row.Dims.Deployment, row.ModelVersion, row.WindowStartMs.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void LatencyKeyOrder_VersionThatExtendsAnother_SortsAsTheJoinedKey()
    {
        var shorter = Latency("chat", "v1", 1_795_345_920_000);
        var longer = Latency("chat", "v1.1", 1_795_345_920_000);

        Assert.True(IncidentCorrelator.LatencyKeyOrder(longer, shorter) < 0); // "chat|v1.1|…" < "chat|v1|…": '.' < '|'
        Assert.True(IncidentCorrelator.LatencyKeyOrder(shorter, longer) > 0);
        Assert.Equal(0, IncidentCorrelator.LatencyKeyOrder(shorter, Latency("chat", "v1", 1_795_345_920_000)));
    }

    [Fact]
    public void LatencyKeyOrder_AnyTwoRows_SameSignAsTheOrdinalOrderOfTheJoinedKey()
    {
        var names = Gen.Elements("chat", "chat-a", "chat{", "c", "", "v1", "v1.1", "2024-08-06", new string('x', 120));
        var windows = Gen.Elements(0L, -60_000L, 9_000L, 60_000L, 1_795_345_920_000L, long.MinValue, long.MaxValue);
        var rows = names.SelectMany(d => names.SelectMany(v => windows.Select(w => Latency(d, v, w))));
        Prop.ForAll(rows.ToArbitrary(), rows.ToArbitrary(), (x, y) =>
            Math.Sign(IncidentCorrelator.LatencyKeyOrder(x, y)) == Math.Sign(string.CompareOrdinal(Composite(x), Composite(y))))
            .QuickCheckThrowOnFailure();
    }
}
