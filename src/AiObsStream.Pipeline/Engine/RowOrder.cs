using AiObsStream.Core.Aggregation;
using AiObsStream.Core.State;

namespace AiObsStream.Pipeline.Engine;

/// <summary>The deterministic order of rows in outputs (independent of partitioning and thread timing).</summary>
internal sealed class RowOrder : IComparer<MetricRow>
{
    public static RowOrder Instance { get; } = new();

    public int Compare(MetricRow? x, MetricRow? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var c = x.WindowStartMs.CompareTo(y.WindowStartMs);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(x.Metric, y.Metric);
        if (c != 0)
        {
            return c;
        }

        c = SeriesDimsOrder.Instance.Compare(x.Dims, y.Dims);
        c = c != 0 ? c : ((int)KindOf(x)).CompareTo((int)KindOf(y));
        return c != 0 ? c : x.Revision.CompareTo(y.Revision);
    }

    /// <summary>
    /// The kind a row sorts by: a final row that is also the on-time row (<see cref="MetricRow.AlsoOnTime"/>) sorts where
    /// that on-time row did. Among the on-time rows it then has the place the on-time row had, before another on-time
    /// row of the same window, metric and series (a cost or input row of that name); among the final rows it has the
    /// place the final row had too, since it comes from a partition (first in the tick) with revision 0.
    /// </summary>
    public static RowKind KindOf(MetricRow row) => row.AlsoOnTime ? RowKind.OnTime : row.Kind;
}
