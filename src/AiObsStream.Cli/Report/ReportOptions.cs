namespace AiObsStream.Cli.Report;

/// <summary>
/// What the report takes from the run's configuration rather than its output files: the TPM quota per deployment
/// (<c>quotas.&lt;deployment&gt;.tpm</c>; the engine writes no quota row). <c>aiobs run --report</c> passes its own
/// configuration; <c>aiobs report --config FILE</c> reads one.
/// </summary>
internal sealed record ReportOptions
{
    /// <summary>Azure OpenAI standard deployments get 6 RPM per 1,000 TPM of quota (Azure OpenAI quota docs, "RPM").</summary>
    public const double RpmPerTpm = 6.0 / 1000.0;

    public static ReportOptions None { get; } = new();

    /// <summary>TPM quota by deployment.</summary>
    public IReadOnlyDictionary<string, double> TpmQuotas { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Where the quotas came from, as the report names it (e.g. "config quotas.*.tpm").</summary>
    public string QuotaSource { get; init; } = string.Empty;
}
