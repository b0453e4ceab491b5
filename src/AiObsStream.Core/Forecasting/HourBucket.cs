namespace AiObsStream.Core.Forecasting;

/// <summary>What the final rows of one hour added to a forecast series.</summary>
internal sealed class HourBucket
{
    /// <summary>Sum of the rows' values (window means for utilization, per-minute rates for loads).</summary>
    public double Sum;

    /// <summary>Rows added.</summary>
    public int Rows;

    /// <summary>Distinct window starts among the rows (a load is summed per window, then averaged over windows).</summary>
    public HashSet<long> Windows { get; } = [];
}
