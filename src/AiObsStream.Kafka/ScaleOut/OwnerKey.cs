using AiObsStream.Core.Events;

namespace AiObsStream.Kafka.ScaleOut;

/// <summary>
/// Which repartition partition owns a series: all of a deployment's series go to one owner, so the per-deployment
/// operators (cost, drift, version regression, incidents) and the GPU → model-version join see all of it. A GPU series
/// carries the deployment its GPU serves (from the pod name or the configured map), so it lands with that deployment;
/// a series with no deployment falls back to its host, then to its GPU.
/// </summary>
internal static class OwnerKey
{
    /// <summary>The owner key of a series (never null; empty when the series names none of them).</summary>
    public static string Of(SeriesDims dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        return dims.Deployment.Length > 0 ? "d:" + dims.Deployment
            : dims.Host.Length > 0 ? "h:" + dims.Host
            : dims.Gpu.Length > 0 ? "g:" + dims.Gpu
            : string.Empty;
    }

    /// <summary>
    /// The repartition partition of a series: a stable hash of its owner key (the same in every process and release,
    /// unlike <see cref="string.GetHashCode()"/>), modulo the partition count.
    /// </summary>
    public static int PartitionOf(SeriesDims dims, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return (int)(StableHash64.Of(Of(dims)) % (ulong)partitions);
    }
}
