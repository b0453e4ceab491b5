namespace AiObsStream.Core.Network;

/// <summary>
/// Rule and metric names of the App Insights dependency monitor (issue #15 §2). The rule names start with
/// <see cref="NetworkRules.Prefix"/>, which the incident layer reads as the <c>network</c> cause.
/// </summary>
public static class DependencyRules
{
    /// <summary>The time spent on the way to the model (dependency p50 minus the model's own p50) jumped.</summary>
    public const string Path = "network-dependency-path";

    /// <summary>The spread of consecutive dependency latencies jumped beyond what the model's own spread explains.</summary>
    public const string Jitter = "network-dependency-jitter";

    /// <summary>Metric of the path alert: milliseconds between the caller's p50 and the model's p50.</summary>
    public const string PathMs = "dependency_path_ms";

    /// <summary>Metric of the jitter alert: excess jitter in milliseconds.</summary>
    public const string JitterMs = "dependency_jitter_ms";

    /// <summary>The <c>OtherDims</c> key that carries the dependency target (<c>DependencyType|Target</c>).</summary>
    public const string TargetDim = "Target";
}
