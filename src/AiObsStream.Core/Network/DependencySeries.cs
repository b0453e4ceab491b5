namespace AiObsStream.Core.Network;

/// <summary>One App Insights dependency series (deployment, target, name): its open windows, baselines and alerts.</summary>
internal sealed class DependencySeries(string key, string deployment, string target, string operation)
{
    /// <summary>The sort key (deployment, target, name), so closes and alerts come in an order independent of arrival.</summary>
    public string Key { get; } = key;

    public string Deployment { get; } = deployment;

    /// <summary><c>DependencyType|Target</c> as sent.</summary>
    public string Target { get; } = target;

    /// <summary>The dependency's Name (the series' operation).</summary>
    public string Operation { get; } = operation;

    public string ModelName { get; set; } = string.Empty;

    public string ModelVersion { get; set; } = string.Empty;

    /// <summary>Open windows by start.</summary>
    public SortedDictionary<long, LatencyWindow> Open { get; } = [];

    /// <summary>Whether a window of this series ever had the model's side (its jitter baseline is then of the excess).</summary>
    public bool Paired { get; set; }

    /// <summary>Windows judged (with enough calls).</summary>
    public int Windows { get; set; }

    /// <summary>Baseline of the time on the way (dependency p50 minus model p50).</summary>
    public Baseline PathBase;

    /// <summary>Baseline of the dependency p50.</summary>
    public Baseline P50Base;

    /// <summary>Baseline of the excess jitter.</summary>
    public Baseline JitterBase;

    /// <summary>Alert state of the path (0) and jitter (1) rules.</summary>
    public AlertState[] Alerts { get; } = [new(), new()];

    /// <summary>A firing alert's identity.</summary>
    internal sealed class AlertState
    {
        public bool Firing;
        public long StartsAt;
        public string AlertId = string.Empty;
    }
}

/// <summary>An exponentially weighted mean with the number of values folded in.</summary>
internal struct Baseline
{
    public double Mean;
    public int Samples;

    public void Add(double value, double alpha)
    {
        Mean = Samples++ == 0 ? value : Mean + (alpha * (value - Mean));
    }
}
