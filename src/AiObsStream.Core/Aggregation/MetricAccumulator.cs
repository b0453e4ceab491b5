using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Aggregation;

/// <summary>
/// Running aggregate of one metric for one series in one window: exact count/sum/min/max plus an optional
/// DDSketch for percentiles. Recycled through <see cref="AccumulatorPool"/> when its window closes.
/// </summary>
internal sealed class MetricAccumulator
{
    public long Count;
    public double Sum;
    public double Min = double.PositiveInfinity;
    public double Max = double.NegativeInfinity;
    public DDSketch? Sketch;
    public int Revision;

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

        Sketch?.Add(value);
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

    /// <summary>Resets for reuse (keeps the sketch instance).</summary>
    public void Reset()
    {
        Count = 0;
        Sum = 0;
        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
        Revision = 0;
        Sketch?.Clear();
    }
}
