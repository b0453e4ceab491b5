namespace AiObsStream.Core.Simulation;

/// <summary>What the content filter did to a simulated call.</summary>
public enum SimContentFilter
{
    /// <summary>Not filtered.</summary>
    None = 0,

    /// <summary>The prompt was rejected: HTTP 400 with error code <c>content_filter</c>.</summary>
    Prompt = 1,

    /// <summary>The completion was cut: HTTP 200 with finish reason <c>content_filter</c>.</summary>
    Completion = 2,
}
