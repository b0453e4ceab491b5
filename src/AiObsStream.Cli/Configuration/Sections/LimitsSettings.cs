namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>limits</c> section.</summary>
internal sealed class LimitsSettings
{
    /// <summary>Most active series held at once (whole number ≥ 1); maps to <c>EngineOptions.MaxActiveSeries</c>.</summary>
    public double? MaxActiveSeries { get; set; }
}
