using AiObsStream.Pipeline.Actions;

namespace AiObsStream.LogAnalytics;

/// <content>Decided actions and their answers (AiObsActions_CL), handed over by the action sink.</content>
public sealed partial class LogAnalyticsSink
{
    /// <summary>Batches action records for AiObsActions_CL (called on the output stage's thread, like the other writes).</summary>
    public void WriteActions(IReadOnlyList<ActionRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        for (var i = 0; i < records.Count; i++)
        {
            Enqueue(_actions.Add(records[i], ActionJson.WriteRecord, _nextSeq));
        }

        Interlocked.Add(ref _rowsAccepted, records.Count);
    }
}
