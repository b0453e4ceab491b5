namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>One deployment in <c>quotas</c>.</summary>
internal sealed class QuotaSettings
{
    /// <summary>Tokens per minute.</summary>
    public double? Tpm { get; set; }
}
