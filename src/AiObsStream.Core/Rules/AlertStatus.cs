namespace AiObsStream.Core.Rules;

/// <summary>Lifecycle state carried by an alert event.</summary>
public enum AlertStatus
{
    /// <summary>The condition held for the sustain duration (also re-sent when the severity changes).</summary>
    Firing = 0,

    /// <summary>The condition stopped holding (or the series went silent).</summary>
    Resolved = 1,
}
