namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>security</c> section: the caller consumption monitor and the control-plane and secret access monitor.</summary>
internal sealed class SecuritySettings
{
    /// <summary>Anomalous consumption per caller (README "Security").</summary>
    public CallerSettings? Callers { get; set; }

    /// <summary>Control-plane and secret access per identity (README "Control-plane and secret access").</summary>
    public AccessSettings? Access { get; set; }
}
