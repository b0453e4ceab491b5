namespace AiObsStream.Core.Rules;

/// <summary>Per-deployment changes to a rule (for example latency-bound inference that runs GPUs low on purpose).</summary>
public sealed record RuleOverride
{
    /// <summary>False turns the rule off for the deployment.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Replacement warning threshold.</summary>
    public double? Warning { get; init; }

    /// <summary>Replacement critical threshold.</summary>
    public double? Critical { get; init; }
}
