namespace AiObsStream.Kafka;

/// <summary>Invalid Kafka or Event Hubs configuration; the message names the setting and never contains a secret.</summary>
public sealed class KafkaConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KafkaConfigException()
    {
    }

    /// <summary>Creates the exception with a message naming the setting.</summary>
    public KafkaConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public KafkaConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
