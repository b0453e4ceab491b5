namespace AiObsStream.Core.Rules;

/// <summary>The rules in force plus the per-deployment facts they need (TPM quotas).</summary>
public sealed record RuleSet
{
    /// <summary>The rules.</summary>
    public required IReadOnlyList<RuleDefinition> Rules { get; init; }

    /// <summary>Configured TPM quota per deployment (tokens per minute), for <see cref="ThresholdScale.TpmQuota"/> rules.</summary>
    public IReadOnlyDictionary<string, double> TpmQuotas { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Validates every rule and the uniqueness of names.</summary>
    public void Validate()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            rule.Validate();
            if (!names.Add(rule.Name))
            {
                throw new ArgumentException($"rules.{rule.Name}: defined twice");
            }
        }

        foreach (var (deployment, quota) in TpmQuotas)
        {
            if (!(quota > 0))
            {
                throw new ArgumentException($"quotas.{deployment}.tpm must be > 0 (got {quota})");
            }
        }
    }
}
