namespace AiObsStream.LogAnalytics;

/// <summary>Invalid Log Analytics sink configuration; the message names the setting.</summary>
public sealed class LogAnalyticsConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LogAnalyticsConfigException()
    {
    }

    /// <summary>Creates the exception with a message naming the setting.</summary>
    public LogAnalyticsConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public LogAnalyticsConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
