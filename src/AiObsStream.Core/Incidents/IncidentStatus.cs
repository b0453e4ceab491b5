namespace AiObsStream.Core.Incidents;

/// <summary>The state change an <see cref="IncidentEvent"/> records.</summary>
public enum IncidentStatus
{
    /// <summary>The incident was opened (announced once).</summary>
    Open = 0,

    /// <summary>Its signals, scope, severity or evidence changed while open.</summary>
    Updated = 1,

    /// <summary>Every alert in it resolved and stayed resolved for the hold time.</summary>
    Resolved = 2,
}
