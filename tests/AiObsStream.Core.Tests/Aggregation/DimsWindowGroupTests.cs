using System.Numerics;
using AiObsStream.Core.Aggregation;

namespace AiObsStream.Core.Tests.Aggregation;

/// <summary>The packed fixed slots of a series group: any insertion order reads back by slot and enumerates in slot order.</summary>
public class DimsWindowGroupTests
{
    [Fact]
    public void Add_AnyOrder_GetAndEnumerationFollowTheSlots()
    {
        var rng = new Random(5);
        for (var round = 0; round < 200; round++)
        {
            var group = new DimsWindowGroup();
            var slots = Enumerable.Range(0, FixedMetrics.Count).OrderBy(_ => rng.Next()).Take(rng.Next(1, FixedMetrics.Count + 1)).ToList();
            var byslot = new Dictionary<int, MetricAccumulator>();
            foreach (var slot in slots)
            {
                var acc = new MetricAccumulator { Count = slot };
                group.Add((FixedMetric)slot, acc);
                byslot[slot] = acc;
            }

            for (var i = 0; i < FixedMetrics.Count; i++)
            {
                Assert.Same(byslot.GetValueOrDefault(i), group.Get((FixedMetric)i));
            }

            var ascending = slots.Order().ToList();
            Assert.Equal(ascending.Aggregate(0u, (m, s) => m | (1u << s)), group.FixedMask);
            Assert.Equal(ascending, Enumerable.Range(0, BitOperations.PopCount(group.FixedMask)).Select(k => (int)group.FixedAt(k).Count));
        }
    }

    [Fact]
    public void Dirty_IsIndependentOfTheSlots()
    {
        var group = new DimsWindowGroup { Dirty = true };
        group.Add(FixedMetric.TokensCompletionBilled, new MetricAccumulator());
        group.Add(FixedMetric.Requests, new MetricAccumulator());

        Assert.True(group.Dirty);
        Assert.Equal((1u << (int)FixedMetric.TokensCompletionBilled) | 1u, group.FixedMask);
        group.Dirty = false;
        Assert.False(group.Dirty);
        Assert.NotNull(group.Get(FixedMetric.Requests));
    }

    [Fact]
    public void ReturnTo_EmptiesTheGroupAndRecyclesEveryAccumulator()
    {
        var pool = new AccumulatorPool();
        var group = new DimsWindowGroup { Dirty = true, Revision = 3 };
        var latency = pool.Rent(percentiles: true);
        latency.Add(12);
        group.Add(FixedMetric.LatencyMs, latency);
        group.Add(FixedMetric.Requests, pool.Rent(percentiles: false));

        group.ReturnTo(pool);

        Assert.Equal(0u, group.FixedMask);
        Assert.False(group.Dirty);
        Assert.Equal(0, group.Revision);
        Assert.Null(group.Get(FixedMetric.LatencyMs));
        var reused = pool.Rent(percentiles: true);
        Assert.Same(latency, reused);
        Assert.Equal(0, reused.Count);
        Assert.True(reused.Percentiles);
        Assert.True(reused.Distribution(new Core.Sketches.DDSketch()).IsEmpty);
    }
}
