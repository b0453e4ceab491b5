using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using static AiObsStream.Core.Tests.Cost.CostRows;

namespace AiObsStream.Core.Tests.Cost;

/// <summary>The cost stage's keyed sort gives exactly <see cref="CostInputOrder"/>, tick after tick.</summary>
public class CostInputSorterTests
{
    private const long T0 = 1_795_345_920_000;

    private static readonly string[] Metrics =
    [
        MetricNames.Requests, MetricNames.TokensPrompt, MetricNames.TokensCompletion, CostMetricNames.TokensPromptBilled,
        MetricNames.GpuUtil, MetricNames.PowerW,
    ];

    /// <summary>Rows with distinct (window, kind, metric, dims, version, revision): the order is total, so both sorts must agree.</summary>
    private static List<MetricRow> Tick(Random random, int tick)
    {
        var rows = new List<MetricRow>();
        var seen = new HashSet<(long, RowKind, string, SeriesDims, string, int)>();
        for (var i = 0; i < 300; i++)
        {
            var gpu = random.Next(2) == 0;
            var dims = gpu
                ? Dims(TelemetrySource.DCGM, "d" + random.Next(4), "", "", host: "h" + random.Next(3), gpu: "GPU-" + random.Next(tick * 5, tick * 5 + 20))
                : Dims(TelemetrySource.AzureOpenAI, "d" + random.Next(4), "gpt-4o", "v" + random.Next(3), "op" + random.Next(2));
            var start = T0 + (random.Next(3) * Minute);
            var kind = (RowKind)random.Next(3);
            var metric = Metrics[random.Next(Metrics.Length)];
            var version = gpu ? "v" + random.Next(2) : dims.ModelVersion;
            var revision = kind == RowKind.Correction ? random.Next(1, 3) : 0;
            if (seen.Add((start, kind, metric, dims, version, revision)))
            {
                rows.Add(Row(start, metric, dims, 1, 1, kind, revision, version));
            }
        }

        return rows;
    }

    [Fact]
    public void Sorts_like_the_comparer_over_ticks_with_new_and_returning_series()
    {
        var random = new Random(7);
        var sorter = new CostInputSorter();
        for (var tick = 0; tick < 20; tick++)
        {
            var rows = Tick(random, tick);
            var expected = new List<MetricRow>(rows);
            expected.Sort(CostInputOrder.Instance);
            sorter.Sort(rows);
            Assert.Equal(expected.Count, rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                Assert.Same(expected[i], rows[i]);
            }
        }
    }

    [Fact]
    public void Equal_rows_keep_their_input_order_and_short_lists_are_left_alone()
    {
        var dims = Dims(TelemetrySource.AzureOpenAI, "chat", "gpt-4o", "v1");
        var a = Row(T0, MetricNames.Requests, dims, 1, 1);
        var b = Row(T0, MetricNames.Requests, dims, 2, 2);
        var early = Row(T0 - Minute, MetricNames.Requests, dims, 3, 3);
        var rows = new List<MetricRow> { a, b, early };
        new CostInputSorter().Sort(rows);
        Assert.Equal([early, a, b], rows);

        var one = new List<MetricRow> { a };
        new CostInputSorter().Sort(one);
        Assert.Same(a, Assert.Single(one));
        new CostInputSorter().Sort([]);
    }
}
