using System.Text.Json;
using Confluent.Kafka;

namespace AiObsStream.Kafka.Relay;

/// <summary>
/// The relay's own dead letters (<c>OUT/relay-deadletter.jsonl</c>): one JSON object per line with the message's topic,
/// partition, offset, reason and value (up to 64 KiB), counted by reason in <see cref="RelayProgress"/>.
/// </summary>
/// <remarks>Used by the relay's loop only. A file that cannot be written never stops the relay: the message is counted as lost.</remarks>
internal sealed class RelayDeadLetterFile(string path, RelayProgress progress)
{
    private const int MaxValueBytes = 64 * 1024;

    /// <summary>Why the last write failed (null when none has).</summary>
    public string? LastError { get; private set; }

    /// <summary>Appends <paramref name="message"/>; false when the file could not be written (<see cref="LastError"/> says why).</summary>
    public bool Write(ConsumeResult<byte[]?, byte[]?> message, string reason, RelayRejectReason rejection)
    {
        var value = message.Message.Value ?? [];
        var line = JsonSerializer.Serialize(
            new RelayDeadLetter(message.Topic, message.Partition.Value, message.Offset.Value, reason,
                System.Text.Encoding.UTF8.GetString(value, 0, Math.Min(value.Length, MaxValueBytes))),
            RelayJsonContext.Default.RelayDeadLetter);
        try
        {
            File.AppendAllText(path, line + "\n");
            progress.AddRejected(rejection, written: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            progress.AddRejected(rejection, written: false);
            LastError = $"relay: dead-letter file {path} cannot be written ({ex.Message})";
            return false;
        }
    }
}
