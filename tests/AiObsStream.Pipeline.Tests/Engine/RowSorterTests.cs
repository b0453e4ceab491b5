using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>The output stage's keyed sort gives exactly <see cref="RowOrder"/>, tick after tick.</summary>
public class RowSorterTests
{
    private const long T0 = 1_795_345_920_000;
    private static readonly DimsPool Pool = new();
    private static readonly string[] Metrics = [MetricNames.Requests, MetricNames.LatencyMs, MetricNames.GpuUtil, "cost_usd", "Z", ""];

    private static MetricRow Row(long start, string metric, SeriesDims dims, RowKind kind, int revision) => new()
    {
        WindowStartMs = start, WindowEndMs = start + 60_000, Metric = metric, Dims = dims, ModelVersion = dims.ModelVersion,
        Count = 1, Sum = 1, Min = 1, Max = 1, Mean = 1, Kind = kind, Revision = revision,
    };

    /// <summary>Rows distinct under <see cref="RowOrder"/> (so its order is total), with series that come and go.</summary>
    private static List<MetricRow> Tick(Random random, int tick)
    {
        var rows = new List<MetricRow>();
        var seen = new HashSet<(long, string, SeriesDims, RowKind, int)>();
        for (var i = 0; i < 400; i++)
        {
            var dims = Pool.Intern(random.Next(2) == 0
                ? new DimsKey(TelemetrySource.DCGM, "d" + random.Next(3), "", "", "", "", "h" + random.Next(3), "GPU-" + random.Next(tick * 7, (tick * 7) + 30))
                : new DimsKey(TelemetrySource.AzureOpenAI, "d" + random.Next(3), "gpt-4o", "v" + random.Next(3), "op", "R", "", ""));
            var start = T0 + (random.Next(-1, 3) * 60_000L);
            var metric = Metrics[random.Next(Metrics.Length)];
            var kind = (RowKind)random.Next(3);
            var revision = kind == RowKind.Correction ? random.Next(1, 4) : 0;
            if (seen.Add((start, metric, dims, kind, revision)))
            {
                rows.Add(Row(start, metric, dims, kind, revision));
            }
        }

        return rows;
    }

    [Fact]
    public void Sorts_like_the_comparer_over_ticks_with_new_and_returning_series()
    {
        var random = new Random(5);
        var sorter = new RowSorter();
        var compared = new RowSorter { Buckets = false };
        for (var tick = 0; tick < 25; tick++)
        {
            var rows = Tick(random, tick);
            var expected = new List<MetricRow>(rows);
            expected.Sort(RowOrder.Instance);
            var keysCompared = new List<MetricRow>(rows);
            compared.Sort(keysCompared);
            sorter.Sort(rows);
            Assert.Equal(expected.Count, rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                Assert.Same(expected[i], rows[i]);
                Assert.Same(expected[i], keysCompared[i]);
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Merged_row_sorts_where_its_on_time_row_did(bool buckets)
    {
        // An aggregated row and an engine-made row (cost, ingest health) or an input row can share window, metric and
        // series. Apart, the aggregated on-time row came first among the on-time rows (first in the tick); merged into
        // its final row it must still come first there, and keep the final row's place among the final rows.
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureMetrics, "chat", "gpt-4o", "v1", "", "", "", ""));
        var onTime = Row(T0, "cost_usd", dims, RowKind.OnTime, 0);
        var final = onTime with { Kind = RowKind.Final };
        var merged = final with { AlsoOnTime = true };
        var otherOnTime = onTime with { Sum = 2 };
        var otherFinal = final with { Sum = 2 };

        var apart = new List<MetricRow> { onTime, final, otherOnTime, otherFinal };
        var together = new List<MetricRow> { merged, otherOnTime, otherFinal };
        new RowSorter { Buckets = buckets }.Sort(apart);
        new RowSorter { Buckets = buckets }.Sort(together);
        var byComparer = new List<MetricRow> { merged, otherOnTime, otherFinal };
        byComparer.Sort(RowOrder.Instance);

        Assert.Equal([onTime, otherOnTime], apart.Where(r => r.IsOnTime));
        Assert.Equal([merged, otherOnTime], together.Where(r => r.IsOnTime));
        Assert.Equal([final, otherFinal], apart.Where(r => r.Kind == RowKind.Final));
        Assert.Equal([merged, otherFinal], together.Where(r => r.Kind == RowKind.Final));
        Assert.Equal(together, byComparer);
    }

    [Fact]
    public void Sorted_input_is_unchanged_and_equal_rows_keep_their_input_order()
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat", "gpt-4o", "v1", "op", "R", "", ""));
        var a = Row(T0, MetricNames.Requests, dims, RowKind.OnTime, 0);
        var b = Row(T0, MetricNames.Requests, dims, RowKind.OnTime, 0) with { Sum = 2 };
        var late = Row(T0 + 60_000, MetricNames.LatencyMs, dims, RowKind.OnTime, 0);
        var rows = new List<MetricRow> { late, a, b };
        var sorter = new RowSorter();
        sorter.Sort(rows);
        Assert.Equal([a, b, late], rows);
        sorter.Sort(rows);
        Assert.Equal([a, b, late], rows);
        sorter.Sort([]);
    }

    [Fact]
    public void Interleaved_partitions_with_on_time_final_and_corrected_rows_of_one_series_sort_by_kind_and_revision()
    {
        // two partitions' runs, each in series order, one after the other; per series the final row comes before the
        // on-time row and corrections in descending revision, so every bucket and every series run is out of order
        var rows = new List<MetricRow>();
        for (var partition = 0; partition < 2; partition++)
        {
            for (var g = 0; g < 300; g++)
            {
                var dims = Pool.Intern(new DimsKey(TelemetrySource.DCGM, "d", "", "", "", "", "h" + (g / 8), $"GPU-{(g * 2) + partition:x4}"));
                foreach (var start in new[] { T0 + 60_000, T0 })
                {
                    foreach (var metric in Metrics)
                    {
                        rows.Add(Row(start, metric, dims, RowKind.Final, 0));
                        rows.Add(Row(start, metric, dims, RowKind.Correction, 2));
                        rows.Add(Row(start, metric, dims, RowKind.Correction, 1));
                        rows.Add(Row(start, metric, dims, RowKind.OnTime, 0));
                    }
                }
            }
        }

        AssertSortsLikeTheComparer(new RowSorter(), rows);
    }

    [Fact]
    public void More_windows_than_the_buckets_take_sort_like_the_comparer()
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat", "gpt-4o", "v1", "op", "R", "", ""));
        var other = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat", "gpt-4o", "v2", "op", "R", "", ""));
        var rows = new List<MetricRow>();
        for (var w = 200; w > 0; w--)
        {
            rows.Add(Row(T0 + (w * 60_000L), MetricNames.Requests, other, RowKind.OnTime, 0));
            rows.Add(Row(T0 + (w * 60_000L), MetricNames.Requests, dims, RowKind.OnTime, 0));
            rows.Add(Row(T0 - (w * 60_000L), MetricNames.LatencyMs, dims, RowKind.Final, 0));
        }

        var sorter = new RowSorter();
        AssertSortsLikeTheComparer(sorter, rows);
        AssertSortsLikeTheComparer(sorter, rows.Take(30).Reverse().ToList()); // then few windows again: buckets
    }

    [Fact]
    public void A_metric_forgotten_and_seen_again_is_ranked_inside_the_buckets()
    {
        var sorter = new RowSorter();
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat", "gpt-4o", "v1", "op", "R", "", ""));
        AssertSortsLikeTheComparer(sorter, [Row(T0, "b", dims, RowKind.OnTime, 0), Row(T0, "a", dims, RowKind.OnTime, 0)]);
        AssertSortsLikeTheComparer(sorter, [Row(T0, "c", dims, RowKind.OnTime, 0), Row(T0, "a", dims, RowKind.Final, 0),
            Row(T0, "0", dims, RowKind.OnTime, 0), Row(T0, "a", dims, RowKind.OnTime, 0)]);
    }

    [Fact]
    public void Many_metric_names_known_and_a_small_tick_sort_like_the_comparer()
    {
        var sorter = new RowSorter();
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat", "gpt-4o", "v1", "op", "R", "", ""));
        var many = Enumerable.Range(0, 6000).Select(i => Row(T0 + ((i % 3) * 60_000L), "m" + (5999 - i), dims, RowKind.OnTime, 0)).ToList();
        AssertSortsLikeTheComparer(sorter, many);
        AssertSortsLikeTheComparer(sorter, [Row(T0, "m7", dims, RowKind.Final, 0), Row(T0, "m7", dims, RowKind.OnTime, 0),
            Row(T0 - 60_000, "m9", dims, RowKind.OnTime, 0)]);
    }

    private static void AssertSortsLikeTheComparer(RowSorter sorter, List<MetricRow> rows)
    {
        var expected = new List<MetricRow>(rows);
        expected.Sort(RowOrder.Instance);
        sorter.Sort(rows);
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Same(expected[i], rows[i]);
        }
    }
}
