namespace AiObsStream.Pipeline.Configuration;

/// <summary>Invalid configuration; the message names the setting (for example <c>rules.latency-p95.warning</c>).</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfigException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
