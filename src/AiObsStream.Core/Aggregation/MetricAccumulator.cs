using System.Runtime.CompilerServices;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Aggregation;

/// <summary>
/// Running aggregate of one metric for one series in one window: exact count/sum/min/max plus, for metrics with
/// percentiles, the value distribution. Recycled through <see cref="AccumulatorPool"/> when its window closes.
/// </summary>
/// <remarks>
/// The distribution starts as the first <see cref="InlineValues"/> values held in the accumulator itself and becomes a
/// DDSketch only at the next one. Most windows of most series see a few values (a GPU field scraped every 15 s gets 4
/// per minute, an anomaly detection bucket 1 or 2), and an empty sketch with its store costs about 220 bytes next to
/// the accumulator's 64. Whatever reads the distribution (<see cref="Distribution"/>) gets a sketch fed the same values
/// in the same order, so quantiles, attached sketch copies and checkpoint bytes are those of a sketch from the start.
/// Once created the sketch stays with the accumulator (cleared on reset), so busy series allocate nothing per window.
/// </remarks>
internal sealed class MetricAccumulator
{
    /// <summary>Values held inline before the distribution becomes a sketch.</summary>
    public const int InlineValues = 4;

    public long Count;
    public double Sum;
    public double Min = double.PositiveInfinity;
    public double Max = double.NegativeInfinity;

    /// <summary>The distribution's sketch once it holds more than <see cref="InlineValues"/> values (or was restored or reused); else null.</summary>
    public DDSketch? Sketch;

    public int Revision;
    private InlineBuffer _values;
    private byte _inline;

    /// <summary>Whether the metric keeps its value distribution (quantiles).</summary>
    public bool Percentiles { get; init; }

    /// <summary>Records one observation.</summary>
    public void Add(double value)
    {
        Count++;
        Sum += value;
        if (value < Min)
        {
            Min = value;
        }

        if (value > Max)
        {
            Max = value;
        }

        if (!Percentiles)
        {
            return;
        }

        if (Sketch is not null)
        {
            Sketch.Add(value);
        }
        else if (_inline < InlineValues)
        {
            _values[_inline++] = value;
        }
        else
        {
            ToSketch().Add(value);
        }
    }

    /// <summary>
    /// The value distribution as a sketch (metrics with percentiles only): <see cref="Sketch"/> once there is one, else
    /// <paramref name="scratch"/> refilled with the inline values (valid until the scratch is used again).
    /// </summary>
    public DDSketch Distribution(DDSketch scratch)
    {
        if (Sketch is not null)
        {
            return Sketch;
        }

        scratch.Clear();
        for (var i = 0; i < _inline; i++)
        {
            scratch.Add(_values[i]);
        }

        return scratch;
    }

    /// <summary>Records a pre-aggregated point (platform metrics: count/total/min/max over a grain).</summary>
    public void AddAggregate(double count, double total, double min, double max)
    {
        Count += double.IsFinite(count) && count > 0 ? (long)count : 0;
        Sum += double.IsFinite(total) ? total : 0;
        if (double.IsFinite(min) && min < Min)
        {
            Min = min;
        }

        if (double.IsFinite(max) && max > Max)
        {
            Max = max;
        }
    }

    /// <summary>Counts an occurrence (value 1) or only ensures the row exists (value 0, count unchanged).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // three calls per request record, most with false (perf: 2 % of an AOAI run as calls)
    public void AddCount(bool occurred)
    {
        if (occurred)
        {
            Count++;
            Sum += 1;
            Min = Math.Min(Min, 1);
            Max = Math.Max(Max, 1);
        }
    }

    /// <summary>Resets for reuse (keeps the sketch instance, if any).</summary>
    public void Reset()
    {
        Count = 0;
        Sum = 0;
        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
        Revision = 0;
        _inline = 0;
        Sketch?.Clear();
    }

    /// <summary>Moves the inline values into a new sketch, in the order they were added.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private DDSketch ToSketch()
    {
        var sketch = new DDSketch();
        for (var i = 0; i < _inline; i++)
        {
            sketch.Add(_values[i]);
        }

        _inline = 0;
        Sketch = sketch;
        return sketch;
    }

    /// <summary>Room for the inline values inside the accumulator object (no array header, no extra object).</summary>
    [InlineArray(InlineValues)]
    private struct InlineBuffer
    {
        private double _element;
    }
}
