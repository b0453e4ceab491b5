namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>output</c> section.</summary>
internal sealed class OutputSettings
{
    /// <summary>Metrics emit policy: <c>final</c> or <c>updates</c>.</summary>
    public string? Metrics { get; set; }
}
