namespace AiObsStream.Core.Forecasting;

/// <summary>
/// What one deployment's capacity per GPU is measured from: per open hour, the GPUs that reported utilization and the
/// worst latency p95; per closed hour, a capacity sample (requests per minute one GPU serves at the target utilization).
/// </summary>
internal sealed class DeploymentCapacity(int maxSamples)
{
    /// <summary>Open hours: hour → (GPUs seen, highest latency p95 of windows with enough requests).</summary>
    public SortedDictionary<long, (HashSet<string> Gpus, double MaxP95Ms)> Open { get; } = [];

    /// <summary>Capacity samples of closed hours, oldest first, at most <see cref="MaxSamples"/>.</summary>
    public List<double> Samples { get; } = [];

    public int MaxSamples { get; } = maxSamples;

    /// <summary>GPUs recommended at the latest forecast (NaN before the first).</summary>
    public double GpusNeeded = double.NaN;

    public void AddSample(double rpmPerGpu)
    {
        Samples.Add(rpmPerGpu);
        if (Samples.Count > MaxSamples)
        {
            Samples.RemoveAt(0);
        }
    }

    /// <summary>The median sample: robust to hours of an unusual request mix (NaN when none).</summary>
    public double Capacity()
    {
        if (Samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = Samples.ToArray();
        Array.Sort(sorted);
        var m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
