namespace AiObsStream.Kafka;

/// <summary>Messages handed to a Kafka producer were not acknowledged by the broker (the caller must not commit offsets).</summary>
public sealed class KafkaDeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KafkaDeliveryException()
    {
    }

    /// <summary>Creates the exception with a message (counts and the broker's error; never message content).</summary>
    public KafkaDeliveryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public KafkaDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
