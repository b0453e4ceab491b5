using AiObsStream.Core.Events;
using AiObsStream.Core.Operators;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Drift;

/// <content>Checkpointing (see <see cref="StateIo"/>).</content>
public sealed partial class QualityDriftMonitor
{
    private const string StateTag = "QDRF";
    private const byte StateVersion = 1;

    /// <summary>Writes the monitor's state (streams in ordinal key order, so equal states give equal bytes).</summary>
    /// <param name="writer">The writer.</param>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateIo.WriteHeader(writer, StateTag, StateVersion);
        var keys = new List<(TelemetrySource Source, string Deployment, string Signal)>(_streams.Keys);
        keys.Sort(static (a, b) =>
        {
            var c = ((int)a.Source).CompareTo((int)b.Source);
            c = c != 0 ? c : string.CompareOrdinal(a.Deployment, b.Deployment);
            return c != 0 ? c : string.CompareOrdinal(a.Signal, b.Signal);
        });
        writer.Write(keys.Count);
        foreach (var key in keys)
        {
            writer.Write((byte)key.Source);
            writer.Write(key.Deployment);
            writer.Write(key.Signal);
            var versions = _streams[key]; // in ordinal order
            writer.Write(versions.Count);
            foreach (var (_, state) in versions)
            {
                state.Save(writer);
            }
        }

        var deployments = new List<string>(_firingByDeployment.Keys);
        deployments.Sort(StringComparer.Ordinal);
        writer.Write(deployments.Count);
        foreach (var d in deployments)
        {
            var ids = new List<string>(_firingByDeployment[d]);
            ids.Sort(StringComparer.Ordinal);
            writer.Write(d);
            writer.Write(ids.Count);
            foreach (var id in ids)
            {
                writer.Write(id);
            }
        }
    }

    /// <summary>Replaces the state with one written by <see cref="SaveState"/> (into a monitor with the same options).</summary>
    /// <param name="reader">The reader.</param>
    /// <exception cref="InvalidDataException">The checkpoint is not a drift monitor state of this format.</exception>
    public void RestoreState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateIo.ReadHeader(reader, StateTag, StateVersion);
        _streams.Clear();
        _firingByDeployment.Clear();
        var streams = ReadCount(reader);
        for (var i = 0; i < streams; i++)
        {
            var key = ((TelemetrySource)reader.ReadByte(), reader.ReadString(), reader.ReadString());
            var versions = new SmallOrdinalMap<VersionDriftState>();
            var n = ReadCount(reader);
            for (var j = 0; j < n; j++)
            {
                var state = VersionDriftState.Restore(reader);
                versions[state.Version] = state;
            }

            _streams[key] = versions;
        }

        var deployments = ReadCount(reader);
        for (var i = 0; i < deployments; i++)
        {
            var d = reader.ReadString();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var n = ReadCount(reader);
            for (var j = 0; j < n; j++)
            {
                ids.Add(reader.ReadString());
            }

            _firingByDeployment[d] = ids;
        }
    }

    private static int ReadCount(BinaryReader reader)
    {
        var n = reader.ReadInt32();
        return n is >= 0 and <= 1_000_000 ? n : throw new InvalidDataException($"drift state: invalid count {n}");
    }
}
