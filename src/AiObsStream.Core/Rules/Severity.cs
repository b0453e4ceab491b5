namespace AiObsStream.Core.Rules;

/// <summary>Alert severity (Azure Monitor's Sev levels map: Critical = Sev1, Warning = Sev2).</summary>
public enum Severity
{
    /// <summary>Not breaching.</summary>
    None = 0,

    /// <summary>Needs attention.</summary>
    Warning = 1,

    /// <summary>Needs action now.</summary>
    Critical = 2,
}
