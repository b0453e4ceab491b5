using System.Globalization;
using System.Text;

namespace AiObsStream.Kafka.Relay;

/// <summary>
/// The relay's checkpoint of one alert-topic partition: the next offset to relay (everything before it was accepted by
/// the sinks or dead-lettered) and the recent CloudEvent ids, in <c>STATE/TOPIC-PARTITION.relay</c>.
/// </summary>
/// <remarks>
/// Written atomically (temporary file, then rename) after the sinks accepted a batch and before the offsets are
/// committed, so it is never behind the committed offset. Format: magic <c>AIOR</c>, version, next offset, id count,
/// ids (oldest first). Another version is refused with a message naming it (the relay does not guess).
/// </remarks>
internal sealed class RelayPartitionState
{
    /// <summary>Format version written.</summary>
    public const int Version = 1;

    private static readonly byte[] Magic = "AIOR"u8.ToArray();

    public RelayPartitionState(int capacity) => Ids = new RecentIds(capacity);

    /// <summary>Next offset to relay; -1 when unknown (no checkpoint: the group's committed offset applies).</summary>
    public long Next { get; set; } = -1;

    public RecentIds Ids { get; }

    /// <summary>The file of <paramref name="topic"/>/<paramref name="partition"/> under <paramref name="directory"/>.</summary>
    public static string PathOf(string directory, string topic, int partition) =>
        Path.Combine(directory, topic + "-" + partition.ToString(CultureInfo.InvariantCulture) + ".relay");

    /// <summary>Reads a checkpoint; a fresh state when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not a relay checkpoint, is truncated, or has another version.</exception>
    public static RelayPartitionState Load(string path, int capacity)
    {
        var state = new RelayPartitionState(capacity);
        if (!File.Exists(path))
        {
            return state;
        }

        try
        {
            using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{path}: not a relay checkpoint");
            }

            var version = r.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"{path}: relay checkpoint version {version} is not supported (this build reads version {Version}); " +
                    "delete the file to start from the group's committed offset");
            }

            state.Next = r.ReadInt64();
            var count = r.ReadInt32();
            if (count < 0 || state.Next < -1)
            {
                throw new InvalidDataException($"{path}: corrupt relay checkpoint");
            }

            for (var i = 0; i < count; i++)
            {
                state.Ids.Add(r.ReadString());
            }

            if (r.BaseStream.Position != r.BaseStream.Length)
            {
                throw new InvalidDataException($"{path}: corrupt relay checkpoint (trailing bytes)");
            }

            return state;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{path}: truncated relay checkpoint", ex);
        }
    }

    /// <summary>Writes the checkpoint atomically.</summary>
    public void Save(string path)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var w = new BinaryWriter(stream, Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(Next);
            w.Write(Ids.Count);
            foreach (var id in Ids.InOrder)
            {
                w.Write(id);
            }

            w.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
