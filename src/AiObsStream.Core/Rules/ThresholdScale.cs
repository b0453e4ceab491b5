namespace AiObsStream.Core.Rules;

/// <summary>What a rule's threshold numbers are relative to.</summary>
public enum ThresholdScale
{
    /// <summary>Thresholds are absolute values in the metric's unit.</summary>
    Absolute = 0,

    /// <summary>Thresholds are fractions of the deployment's configured TPM quota (skipped when none is configured).</summary>
    TpmQuota = 1,
}
