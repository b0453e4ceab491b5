namespace AiObsStream.Core.Aggregation;

/// <summary>Recycles accumulators (and their sketches, once they have one) of closed windows so steady state allocates nothing.</summary>
/// <remarks>Single-threaded: one pool per partition. Bounded by the peak number of live accumulators.</remarks>
internal sealed class AccumulatorPool
{
    private readonly Stack<MetricAccumulator> _withSketch = new();
    private readonly Stack<MetricAccumulator> _plain = new();

    public MetricAccumulator Rent(bool percentiles)
    {
        var stack = percentiles ? _withSketch : _plain;
        if (stack.Count > 0)
        {
            return stack.Pop();
        }

        return new MetricAccumulator { Percentiles = percentiles };
    }

    /// <summary>Drops the pooled accumulators (to the collector).</summary>
    public void Clear()
    {
        _withSketch.Clear();
        _plain.Clear();
    }

    public void Return(MetricAccumulator accumulator)
    {
        accumulator.Reset();
        (accumulator.Percentiles ? _withSketch : _plain).Push(accumulator);
    }
}
