using AiObsStream.Core.Aggregation;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Cost;

/// <summary>
/// A total order on the rows the cost stage reads, independent of partitioning and arrival order, so that floating-point
/// sums and learned mappings are identical across runs.
/// </summary>
internal sealed class CostInputOrder : IComparer<MetricRow>
{
    public static CostInputOrder Instance { get; } = new();

    public int Compare(MetricRow? x, MetricRow? y)
    {
        if (ReferenceEquals(x, y) || x is null || y is null)
        {
            return ReferenceEquals(x, y) ? 0 : x is null ? -1 : 1;
        }

        var c = x.WindowStartMs.CompareTo(y.WindowStartMs);
        c = c != 0 ? c : ((byte)x.Kind).CompareTo((byte)y.Kind); // enum CompareTo(object) would box
        c = c != 0 ? c : string.CompareOrdinal(x.Metric, y.Metric);
        c = c != 0 ? c : SeriesDimsOrder.Instance.Compare(x.Dims, y.Dims);
        c = c != 0 ? c : string.CompareOrdinal(x.ModelVersion, y.ModelVersion);
        return c != 0 ? c : x.Revision.CompareTo(y.Revision);
    }
}
