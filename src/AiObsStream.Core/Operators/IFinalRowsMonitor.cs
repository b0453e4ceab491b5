using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Operators;

/// <summary>
/// A monitor that reads the final rows of each tick and closes its own buckets (spend hours, forecast hours) once the
/// watermark, less the allowed lateness, has made them final; <see cref="FinalRowsOperator{TMonitor}"/> puts it behind the
/// operator contract.
/// </summary>
public interface IFinalRowsMonitor
{
    /// <summary>Takes the tick's rows (sorted, final and update rows alike; the monitor keeps what it needs).</summary>
    void Observe(IReadOnlyList<MetricRow> rows);

    /// <summary>Closes every bucket ending at or before <paramref name="finalThroughMs"/>, appending alerts and rows.</summary>
    void Advance(long finalThroughMs, List<AlertEvent> alerts, List<MetricRow> rows);

    /// <summary>Writes the monitor's checkpoint section.</summary>
    void SaveState(BinaryWriter writer);

    /// <summary>Restores a section written by <see cref="SaveState"/> into this fresh monitor.</summary>
    void RestoreState(BinaryReader reader);
}
