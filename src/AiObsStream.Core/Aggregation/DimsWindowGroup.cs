namespace AiObsStream.Core.Aggregation;

/// <summary>All accumulators of one series (dims) in one window: fixed slots plus dynamically named metrics.</summary>
internal sealed class DimsWindowGroup
{
    public readonly MetricAccumulator?[] Fixed = new MetricAccumulator?[FixedMetrics.Count];
    public Dictionary<string, MetricAccumulator>? Dynamic;

    /// <summary>Changed since the window was last emitted (late records after the first firing).</summary>
    public bool Dirty;

    /// <summary>Corrections emitted so far for this series in this window.</summary>
    public int Revision;

    public void ReturnTo(AccumulatorPool pool)
    {
        for (var i = 0; i < Fixed.Length; i++)
        {
            if (Fixed[i] is { } acc)
            {
                pool.Return(acc);
                Fixed[i] = null;
            }
        }

        if (Dynamic is not null)
        {
            foreach (var acc in Dynamic.Values)
            {
                pool.Return(acc);
            }

            Dynamic.Clear();
        }

        Dirty = false;
        Revision = 0;
    }
}
