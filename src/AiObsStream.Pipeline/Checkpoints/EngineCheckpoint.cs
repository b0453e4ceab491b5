using System.Security.Cryptography;
using System.Text;

namespace AiObsStream.Pipeline.Checkpoints;

/// <summary>
/// A consistent snapshot of the whole engine taken at a barrier: the input positions (next offset per input), the
/// sequencer's watermark state, every partition's window/dedup/detector state, the output stage's rule, anomaly,
/// notification and version state, and the sinks' positions. Restoring it and replaying from the saved offsets
/// reproduces exactly what an uninterrupted run would have produced.
/// </summary>
/// <remarks>
/// File layout (little-endian): magic <c>AIOBSCKP</c>, format version (int32), payload length (int64), payload,
/// SHA-256 of the payload (32 bytes). The payload is: sequence number, creation time, partition count, offsets
/// (count, then name + offset), then length-prefixed sections: sequencer, each partition, output stage, sinks.
/// </remarks>
public sealed class EngineCheckpoint
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "AIOBSCKP"u8.ToArray();

    /// <summary>The barrier's sequence number (monotonic within a run and across restores).</summary>
    public required long Seq { get; init; }

    /// <summary>Wall-clock time the checkpoint was taken, Unix ms (for operators; not used in processing).</summary>
    public required long CreatedUnixMs { get; init; }

    /// <summary>Number of engine partitions the partition states belong to.</summary>
    public required int Partitions { get; init; }

    /// <summary>Next offset to read per input (input name → offset), for inputs that have offsets.</summary>
    public required IReadOnlyDictionary<string, long> Offsets { get; init; }

    /// <summary>The sequencer's state.</summary>
    public required byte[] SequencerState { get; init; }

    /// <summary>Each partition's state, by partition index.</summary>
    public required IReadOnlyList<byte[]> PartitionStates { get; init; }

    /// <summary>The output stage's state.</summary>
    public required byte[] OutputState { get; init; }

    /// <summary>The sinks' positions (opaque to the engine).</summary>
    public required byte[] SinkState { get; init; }

    /// <summary>Total size of the state sections in bytes.</summary>
    public long StateBytes => SequencerState.Length + OutputState.Length + SinkState.Length + PartitionStates.Sum(p => (long)p.Length);

    /// <summary>Writes the checkpoint with its header and checksum.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Seq);
            w.Write(CreatedUnixMs);
            w.Write(Partitions);
            w.Write(Offsets.Count);
            foreach (var (name, offset) in Offsets.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                w.Write(name);
                w.Write(offset);
            }

            WriteSection(w, SequencerState);
            w.Write(PartitionStates.Count);
            foreach (var p in PartitionStates)
            {
                WriteSection(w, p);
            }

            WriteSection(w, OutputState);
            WriteSection(w, SinkState);
        }

        var bytes = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        using var header = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        header.Write(Magic);
        header.Write(FormatVersion);
        header.Write((long)bytes.Length);
        header.Write(bytes);
        header.Write(SHA256.HashData(bytes));
    }

    /// <summary>Reads and verifies a checkpoint.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, another format version, truncated or corrupted.</exception>
    public static EngineCheckpoint ReadFrom(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("not an AiObsStream checkpoint (bad magic)");
            }

            var version = r.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"checkpoint format version {version} is not supported (this build reads {FormatVersion})");
            }

            var length = r.ReadInt64();
            if (length < 0 || length > int.MaxValue)
            {
                throw new InvalidDataException($"checkpoint payload length {length} is invalid");
            }

            var payload = r.ReadBytes((int)length);
            var hash = r.ReadBytes(32);
            if (payload.Length != length || hash.Length != 32)
            {
                throw new InvalidDataException("checkpoint is truncated");
            }

            if (!SHA256.HashData(payload).AsSpan().SequenceEqual(hash))
            {
                throw new InvalidDataException("checkpoint checksum mismatch (the file is corrupted)");
            }

            return ReadPayload(payload);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("checkpoint is truncated", ex);
        }
    }

    private static EngineCheckpoint ReadPayload(byte[] payload)
    {
        using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        var seq = r.ReadInt64();
        var created = r.ReadInt64();
        var partitions = r.ReadInt32();
        var count = r.ReadInt32();
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            offsets[r.ReadString()] = r.ReadInt64();
        }

        var sequencer = ReadSection(r);
        var states = new byte[r.ReadInt32()][];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = ReadSection(r);
        }

        return new EngineCheckpoint
        {
            Seq = seq,
            CreatedUnixMs = created,
            Partitions = partitions,
            Offsets = offsets,
            SequencerState = sequencer,
            PartitionStates = states,
            OutputState = ReadSection(r),
            SinkState = ReadSection(r),
        };
    }

    private static void WriteSection(BinaryWriter w, byte[] section)
    {
        w.Write(section.Length);
        w.Write(section);
    }

    private static byte[] ReadSection(BinaryReader r)
    {
        var length = r.ReadInt32();
        var bytes = r.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new InvalidDataException("checkpoint section is truncated");
    }
}
