using System.Numerics;

namespace AiObsStream.Core.Aggregation;

/// <summary>All accumulators of one series (dims) in one window: fixed slots plus dynamically named metrics.</summary>
/// <remarks>
/// The fixed slots a series uses are held packed, in slot order, with a bit mask of which are present: a request
/// series uses up to 12 of the 23 slots, a GPU 8, an anomaly detection bucket 1 to 3, and a full 23-slot array cost
/// 208 bytes per series and window whatever was used. Enumeration is by ascending slot, the order rows are emitted and
/// checkpointed in, so outputs and checkpoints are unchanged. The array is kept when the group is recycled.
/// </remarks>
internal sealed class DimsWindowGroup
{
    /// <summary>Bit 31 of <see cref="_bits"/>: changed since the window was last emitted.</summary>
    private const uint DirtyBit = 1u << 31;

    /// <summary>Bits 0..24: fixed slot present (FixedMetrics.Count is below 31); bit 31: <see cref="Dirty"/>.</summary>
    private uint _bits;

    /// <summary>The present fixed accumulators, in ascending slot order (a prefix of the array).</summary>
    private MetricAccumulator[] _fixed = [];

    public Dictionary<string, MetricAccumulator>? Dynamic;

    /// <summary>Corrections emitted so far for this series in this window.</summary>
    public int Revision;

    /// <summary>Changed since the window was last emitted (late records after the first firing).</summary>
    public bool Dirty
    {
        get => (_bits & DirtyBit) != 0;
        set => _bits = value ? _bits | DirtyBit : _bits & ~DirtyBit;
    }

    /// <summary>Which fixed slots are present: bit i for <see cref="FixedMetric"/> i.</summary>
    public uint FixedMask => _bits & ~DirtyBit;

    /// <summary>The accumulator of <paramref name="metric"/>, or null when the series has none in this window.</summary>
    public MetricAccumulator? Get(FixedMetric metric)
    {
        var bit = 1u << (int)metric;
        return (_bits & bit) == 0 ? null : _fixed[BitOperations.PopCount(_bits & (bit - 1))];
    }

    /// <summary>The <paramref name="k"/>-th present accumulator in slot order (k below the popcount of <see cref="FixedMask"/>).</summary>
    public MetricAccumulator FixedAt(int k) => _fixed[k];

    /// <summary>Adds the accumulator of <paramref name="metric"/>, which must not be present.</summary>
    public void Add(FixedMetric metric, MetricAccumulator accumulator)
    {
        var bit = 1u << (int)metric;
        var count = BitOperations.PopCount(FixedMask);
        var at = BitOperations.PopCount(_bits & (bit - 1));
        if (count == _fixed.Length)
        {
            // 4, 6, 9, 13, 19, 23: a request series' 12 slots fit in 13, a GPU's 8 in 9.
            var grown = new MetricAccumulator[Math.Min(FixedMetrics.Count, Math.Max(4, count + (count / 2)))];
            Array.Copy(_fixed, grown, count);
            _fixed = grown;
        }

        Array.Copy(_fixed, at, _fixed, at + 1, count - at);
        _fixed[at] = accumulator;
        _bits |= bit;
    }

    public void ReturnTo(AccumulatorPool pool)
    {
        var count = BitOperations.PopCount(FixedMask);
        for (var k = 0; k < count; k++)
        {
            pool.Return(_fixed[k]);
            _fixed[k] = null!;
        }

        if (Dynamic is not null)
        {
            foreach (var acc in Dynamic.Values)
            {
                pool.Return(acc);
            }

            Dynamic.Clear();
        }

        _bits = 0;
        Revision = 0;
    }
}
