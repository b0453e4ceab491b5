using AiObsStream.Core.Events;

namespace AiObsStream.Core.State;

/// <summary>
/// A total, process-independent order of <see cref="SeriesDims"/> (source, then every dimension by ordinal comparison),
/// for output and checkpoint order that must not depend on hash-map internals or on the order series were first seen.
/// </summary>
public sealed class SeriesDimsOrder : IComparer<SeriesDims>
{
    /// <summary>The shared instance.</summary>
    public static SeriesDimsOrder Instance { get; } = new();

    /// <summary>Orders per rule × series keys (rule index, then dimensions), as the rule and anomaly engines use.</summary>
    public static int CompareRuleKeys((int Rule, SeriesDims Dims) x, (int Rule, SeriesDims Dims) y)
    {
        var c = x.Rule.CompareTo(y.Rule);
        return c != 0 ? c : Instance.Compare(x.Dims, y.Dims);
    }

    /// <inheritdoc />
    public int Compare(SeriesDims? x, SeriesDims? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var c = ((int)x.Source).CompareTo((int)y.Source); // Enum.CompareTo(object) would box both
        c = c != 0 ? c : string.CompareOrdinal(x.Deployment, y.Deployment);
        c = c != 0 ? c : string.CompareOrdinal(x.ModelName, y.ModelName);
        c = c != 0 ? c : string.CompareOrdinal(x.ModelVersion, y.ModelVersion);
        c = c != 0 ? c : string.CompareOrdinal(x.Operation, y.Operation);
        c = c != 0 ? c : string.CompareOrdinal(x.Resource, y.Resource);
        c = c != 0 ? c : string.CompareOrdinal(x.Host, y.Host);
        c = c != 0 ? c : string.CompareOrdinal(x.Gpu, y.Gpu);
        return c != 0 ? c : string.CompareOrdinal(x.OtherDims, y.OtherDims);
    }
}
