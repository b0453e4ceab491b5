namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>One deployment in <c>rules.NAME.overrides</c>.</summary>
internal sealed class RuleOverrideSettings
{
    /// <summary>On or off for the deployment.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Warning threshold; null clears it.</summary>
    [NullClears]
    public double? Warning { get; set; }

    /// <summary>Critical threshold; null clears it.</summary>
    [NullClears]
    public double? Critical { get; set; }
}
