namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>One cost tag.</summary>
internal sealed class CostTagSettings
{
    /// <summary>Team.</summary>
    public string? Team { get; set; }

    /// <summary>Project.</summary>
    public string? Project { get; set; }
}
