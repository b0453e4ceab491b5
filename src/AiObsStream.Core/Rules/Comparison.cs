namespace AiObsStream.Core.Rules;

/// <summary>Direction of a threshold.</summary>
public enum Comparison
{
    /// <summary>Breach when the value is greater than the threshold.</summary>
    Above = 0,

    /// <summary>Breach when the value is less than the threshold.</summary>
    Below = 1,
}
