namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>notifications</c> section.</summary>
internal sealed class NotificationsSettings
{
    /// <summary>On or off (off: no notification layer).</summary>
    public bool? Enabled { get; set; }

    /// <summary>Hold a resolved alert firing this long (duration).</summary>
    public string? KeepFiringFor { get; set; }

    /// <summary>State changes per flap window (whole number 1..10000).</summary>
    public double? FlapMaxChanges { get; set; }

    /// <summary>Flap window (duration).</summary>
    public string? FlapWindow { get; set; }

    /// <summary>Group labels (enum names).</summary>
    public List<string>? GroupBy { get; set; }

    /// <summary>Group wait (duration).</summary>
    public string? GroupWait { get; set; }

    /// <summary>Group interval (duration).</summary>
    public string? GroupInterval { get; set; }

    /// <summary>Repeat interval (duration).</summary>
    public string? RepeatInterval { get; set; }

    /// <summary>Silences.</summary>
    public List<SilenceSettings>? Silences { get; set; }

    /// <summary>Inhibiting rule matchers.</summary>
    public List<string>? InhibitSourceRules { get; set; }

    /// <summary>Inhibited rule matchers.</summary>
    public List<string>? InhibitTargetRules { get; set; }
}
