namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>rules</c> and <c>quotas</c> sections (validated together: a quota enables <c>tpm-quota</c>).</summary>
internal sealed class RulesSettings
{
    /// <summary>Overrides of built-in rules by name, or new rules (file order kept).</summary>
    public Dictionary<string, RuleSettings>? Rules { get; set; }

    /// <summary>TPM quotas by deployment.</summary>
    public Dictionary<string, QuotaSettings>? Quotas { get; set; }
}
