namespace AiObsStream.Core.Cost;

/// <summary>What was last emitted for one cost key of a live window (compared to decide whether a correction is due).</summary>
/// <param name="Revision">Revision of the last rows (all rows of a key share one counter, so every RowId's revisions increase).</param>
/// <param name="Role">Role of the last emission.</param>
/// <param name="Rows">Metrics the last emission wrote.</param>
/// <param name="Total">The totals the last emission priced.</param>
internal readonly record struct EmittedCost(int Revision, CostRole Role, CostRowSet Rows, CostContribution Total);
