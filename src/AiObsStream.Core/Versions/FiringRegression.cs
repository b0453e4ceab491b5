using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Versions;

/// <summary>What a firing model-version-regression alert said (its Resolved event repeats it).</summary>
internal sealed record FiringRegression(
    string AlertId, long StartsAtMs, string Candidate, string Baseline, string Metric, Statistic Statistic, double Value,
    double Threshold, double Confidence);
