namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>One item of <c>notifications.silences</c>.</summary>
internal sealed class SilenceSettings
{
    /// <summary>Id (default <c>silence-INDEX</c>).</summary>
    public string? Id { get; set; }

    /// <summary>Rule matcher.</summary>
    public string? Rule { get; set; }

    /// <summary>Deployment matcher.</summary>
    public string? Deployment { get; set; }

    /// <summary>Host matcher.</summary>
    public string? Host { get; set; }

    /// <summary>Model version matcher.</summary>
    public string? ModelVersion { get; set; }

    /// <summary>Start (ISO-8601).</summary>
    public string? StartsAt { get; set; }

    /// <summary>End (ISO-8601, required).</summary>
    public string? EndsAt { get; set; }

    /// <summary>Comment.</summary>
    public string? Comment { get; set; }
}
