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
        c = c != 0 ? c : ((int)x.Kind).CompareTo((int)y.Kind);
        return c != 0 ? c : x.Revision.CompareTo(y.Revision);
    }
}
