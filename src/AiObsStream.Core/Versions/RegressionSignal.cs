namespace AiObsStream.Core.Versions;

/// <summary>One signal compared between a new model version and the previous one.</summary>
public sealed record RegressionSignal
{
    /// <summary>
    /// Metric name: a metric of the rows (for <see cref="SignalKind.Distribution"/> and <see cref="SignalKind.Proportion"/>),
    /// or one of the derived names <see cref="RegressionSignals.GpuEfficiency"/> and <see cref="RegressionSignals.CostPerRequest"/>.
    /// </summary>
    public required string Metric { get; init; }

    /// <summary>How the signal is compared.</summary>
    public required SignalKind Kind { get; init; }

    /// <summary>True when an increase is a regression (latency); false when a decrease is (quality, GPU efficiency).</summary>
    public bool HigherIsWorse { get; init; } = true;

    /// <summary>
    /// Smallest effect that counts: relative change for distributions and window means (0.15 = 15 % worse), absolute
    /// share increase for proportions (0.02 = 2 percentage points); NaN uses the options' default for the kind.
    /// </summary>
    public double MinEffect { get; init; } = double.NaN;
}
