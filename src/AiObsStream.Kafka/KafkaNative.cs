using Confluent.Kafka;

namespace AiObsStream.Kafka;

/// <summary>Loads and checks the OS librdkafka once, with a message that says how to install it when it is missing.</summary>
public static class KafkaNative
{
    private static readonly Lazy<string> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The librdkafka version in use (loads it on first call).</summary>
    /// <exception cref="InvalidOperationException">librdkafka is not installed or too old.</exception>
    public static string Version => Loaded.Value;

    private static string Load()
    {
        try
        {
            return Library.VersionString;
        }
        catch (Exception ex) when (ex is DllNotFoundException or FileLoadException or TypeInitializationException)
        {
            throw new InvalidOperationException(
                "librdkafka could not be loaded (" + ex.Message + "); install it with `apt-get install librdkafka-dev` " +
                "(Debian/Ubuntu) — the Kafka and Event Hubs inputs need librdkafka >= 1.9", ex);
        }
    }
}
