namespace AiObsStream.Core.Cost;

/// <summary>A total order on cost keys (window, source, deployment, version), so sums and emissions do not depend on hashing.</summary>
internal sealed class CostKeyOrder : IComparer<CostKey>
{
    public static CostKeyOrder Instance { get; } = new();

    public int Compare(CostKey x, CostKey y)
    {
        var c = x.WindowStartMs.CompareTo(y.WindowStartMs);
        c = c != 0 ? c : x.WindowEndMs.CompareTo(y.WindowEndMs);
        c = c != 0 ? c : ((byte)x.Source).CompareTo((byte)y.Source);
        c = c != 0 ? c : string.CompareOrdinal(x.Deployment, y.Deployment);
        return c != 0 ? c : string.CompareOrdinal(x.ModelVersion, y.ModelVersion);
    }
}
