namespace AiObsStream.Kafka.Tests;

/// <summary>A message to produce or one read back (Partition null when producing lets the partitioner choose).</summary>
internal sealed record TopicMessage(byte[]? Key, byte[] Value, int? Partition = null, long Offset = -1)
{
    /// <summary>The key as UTF-8 text.</summary>
    public string? KeyText => Key is null ? null : System.Text.Encoding.UTF8.GetString(Key);

    /// <summary>The value as UTF-8 text.</summary>
    public string ValueText => System.Text.Encoding.UTF8.GetString(Value);

    /// <summary>Value-only message.</summary>
    public static TopicMessage Of(string value, string? key = null, int? partition = null) =>
        new(key is null ? null : System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes(value), partition);
}
