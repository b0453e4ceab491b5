namespace AiObsStream.Kafka;

/// <content>
/// Holding the alert topic's state changes until a checkpoint covers them (write-ahead): what a crashed run published is
/// then always what its checkpoint says, never something a replay may compute differently.
/// </content>
public sealed partial class KafkaAlertPublisher
{
    /// <summary>Upper bound on held messages read back from a checkpoint (corrupt-count guard).</summary>
    private const int MaxHeldInCheckpoint = 10_000_000;

    /// <summary>State changes for the alert topic not produced yet, in the order written.</summary>
    private readonly List<HeldMessage> _held = [];

    /// <summary>How many of <see cref="_held"/> the last checkpoint saved (produced once it is durable).</summary>
    private int _covered;

    /// <summary>
    /// Holds incident and alert state changes for the alert topic until a checkpoint covers them: they are saved in the
    /// checkpoint and produced once it is durable (<see cref="CheckpointSavedAsync"/>; a restart produces the saved ones
    /// the topic does not carry yet). Without it a state change is produced when computed, and one computed after the
    /// last checkpoint stays on the topic after a crash even when the replay computes another: after a restart the
    /// inputs arrive differently (an input that was caught up, hence idle and not holding the watermark back, now has
    /// its records at once), so windows close with other records in them. Costs up to one checkpoint interval of
    /// delay on the topic. Metric rows (keyed upserts) are produced at once either way. Set it when the run checkpoints.
    /// </summary>
    public bool HoldUntilCheckpoint { get; init; }

    /// <summary>State changes held until the next durable checkpoint (see <see cref="HoldUntilCheckpoint"/>).</summary>
    public int Held => _held.Count;

    /// <summary>The checkpoint that <see cref="CheckpointAsync"/> returned is saved: produces the state changes it covers.</summary>
    public Task CheckpointSavedAsync(CancellationToken cancellationToken)
    {
        ProduceHeld(_covered);
        return Task.CompletedTask;
    }

    /// <summary>Produces <paramref name="message"/> now, or holds it for the next checkpoint.</summary>
    private void Publish(HeldMessage message)
    {
        if (HoldUntilCheckpoint)
        {
            _held.Add(message);
        }
        else
        {
            Produce(message);
        }
    }

    /// <summary>Produces the first <paramref name="count"/> held messages, in order, and forgets them.</summary>
    private void ProduceHeld(int count)
    {
        count = Math.Min(count, _held.Count);
        for (var i = 0; i < count; i++)
        {
            Produce(_held[i]);
        }

        _held.RemoveRange(0, count);
        _covered = 0;
    }

    private void Produce(HeldMessage message)
    {
        Produce(_alertsTopic!, message.Key, message.Value, StructuredContentType);
        if (message.Incident)
        {
            _incidents++;
        }
        else
        {
            _alerts++;
        }
    }

    /// <summary>Appends the held messages to a checkpoint and marks them as covered by it.</summary>
    private void SaveHeld(BinaryWriter w)
    {
        _covered = _held.Count;
        w.Write(_held.Count);
        foreach (var m in _held)
        {
            w.Write(m.Id);
            w.Write(m.Key);
            w.Write(m.Incident);
            w.Write(m.Value.Length);
            w.Write(m.Value);
        }
    }

    /// <summary>Reads the held messages of a checkpoint (none in one written before they were saved).</summary>
    /// <exception cref="InvalidDataException">The section is truncated or corrupt.</exception>
    private static List<HeldMessage> ReadHeld(BinaryReader r)
    {
        List<HeldMessage> held = [];
        if (r.BaseStream.Position == r.BaseStream.Length)
        {
            return held;
        }

        try
        {
            var count = r.ReadInt32();
            if (count < 0 || count > MaxHeldInCheckpoint)
            {
                throw new InvalidDataException($"alert topic checkpoint: {count} held messages");
            }

            for (var i = 0; i < count; i++)
            {
                var id = r.ReadString();
                var key = r.ReadString();
                var incident = r.ReadBoolean();
                var length = r.ReadInt32();
                var value = length >= 0 ? r.ReadBytes(length) : [];
                if (length < 0 || value.Length != length)
                {
                    throw new InvalidDataException($"alert topic checkpoint: held message {i} is truncated");
                }

                held.Add(new HeldMessage(id, key, value, incident));
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("alert topic checkpoint: the held messages are truncated", ex);
        }

        return held;
    }

    /// <summary>One CloudEvent for the alert topic: its id, key and bytes, and whether it is an incident change.</summary>
    private sealed record HeldMessage(string Id, string Key, byte[] Value, bool Incident);
}
