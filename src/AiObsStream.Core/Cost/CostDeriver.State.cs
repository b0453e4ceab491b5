using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Cost;

/// <content>Checkpointing (see <see cref="StateIo"/>).</content>
public sealed partial class CostDeriver
{
    private const string Tag = "COST";
    private const byte Version = 2; // 2: live windows carry their end; emitted roles for billing-source precedence

    /// <summary>Writes the learned mappings, live windows, what was emitted for them (revision, role, totals) and counters.</summary>
    /// <param name="writer">The writer.</param>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateIo.WriteHeader(writer, Tag, Version);
        writer.Write(UnpricedTokens);
        writer.Write(UnpricedGpuSeconds);
        writer.Write(FinalUsd);
        writer.Write(_modelOf.Count);
        foreach (var (deployment, (name, aoai)) in _modelOf)
        {
            writer.Write(deployment);
            writer.Write(name);
            writer.Write(aoai);
        }

        writer.Write(_resourceOf.Count);
        foreach (var (deployment, resource) in _resourceOf)
        {
            writer.Write(deployment);
            writer.Write(resource);
        }

        writer.Write(_unpricedModels.Count);
        foreach (var m in _unpricedModels)
        {
            writer.Write(m);
        }

        writer.Write(_live.Count);
        foreach (var (start, window) in _live)
        {
            writer.Write(start);
            writer.Write(window.EndMs);
            writer.Write(window.Series.Count);
            foreach (var (dims, c) in window.Series)
            {
                StateIo.WriteDims(writer, dims);
                WriteContribution(writer, c);
            }
        }

        writer.Write(_emitted.Count);
        foreach (var (start, keys) in _emitted)
        {
            writer.Write(start);
            writer.Write(keys.Count);
            foreach (var (key, e) in keys)
            {
                writer.Write(key.WindowStartMs);
                writer.Write(key.WindowEndMs);
                writer.Write((byte)key.Source);
                writer.Write(key.Deployment);
                writer.Write(key.ModelVersion);
                writer.Write(e.Revision);
                writer.Write((byte)e.Role);
                writer.Write((byte)e.Rows);
                WriteContribution(writer, e.Total);
            }
        }
    }

    /// <summary>Restores state written by <see cref="SaveState"/> into a fresh instance with the same options.</summary>
    /// <param name="reader">The reader.</param>
    /// <exception cref="InvalidDataException">The section is not a cost deriver checkpoint of this version.</exception>
    public void RestoreState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateIo.ReadHeader(reader, Tag, Version);
        UnpricedTokens = reader.ReadDouble();
        UnpricedGpuSeconds = reader.ReadDouble();
        FinalUsd = reader.ReadDouble();
        _modelOf.Clear();
        for (int i = 0, n = reader.ReadInt32(); i < n; i++)
        {
            _modelOf[reader.ReadString()] = (reader.ReadString(), reader.ReadBoolean());
        }

        _resourceOf.Clear();
        for (int i = 0, n = reader.ReadInt32(); i < n; i++)
        {
            _resourceOf[reader.ReadString()] = reader.ReadString();
        }

        _unpricedModels.Clear();
        for (int i = 0, n = reader.ReadInt32(); i < n; i++)
        {
            _unpricedModels.Add(reader.ReadString());
        }

        _live.Clear();
        for (int i = 0, n = reader.ReadInt32(); i < n; i++)
        {
            var start = reader.ReadInt64();
            var window = new CostWindow(start, reader.ReadInt64());
            _live[start] = window;
            for (int j = 0, m = reader.ReadInt32(); j < m; j++)
            {
                var dims = StateIo.ReadDims(reader) ?? throw new InvalidDataException("cost checkpoint: a live series has no dimensions");
                window.Series[dims] = ReadContribution(reader);
            }
        }

        _emitted.Clear();
        for (int i = 0, n = reader.ReadInt32(); i < n; i++)
        {
            var keys = new Dictionary<CostKey, EmittedCost>();
            _emitted[reader.ReadInt64()] = keys;
            for (int j = 0, m = reader.ReadInt32(); j < m; j++)
            {
                var key = new CostKey(reader.ReadInt64(), reader.ReadInt64(), ReadEnum<TelemetrySource>(reader), reader.ReadString(), reader.ReadString());
                var revision = reader.ReadInt32();
                var role = ReadEnum<CostRole>(reader);
                var rows = (CostRowSet)reader.ReadByte();
                if ((rows & ~(CostRowSet.CostUsd | CostRowSet.Per1K | CostRowSet.UnpricedTokens | CostRowSet.UnpricedGpuSeconds)) != 0 || revision < 0)
                {
                    throw new InvalidDataException($"cost checkpoint: emitted rows {(byte)rows:x} / revision {revision} out of range");
                }

                keys[key] = new EmittedCost(revision, role, rows, ReadContribution(reader));
            }
        }
    }

    private static TEnum ReadEnum<TEnum>(BinaryReader r)
        where TEnum : struct, Enum
    {
        var e = (TEnum)Enum.ToObject(typeof(TEnum), r.ReadByte());
        return Enum.IsDefined(e) ? e : throw new InvalidDataException($"cost checkpoint: {typeof(TEnum).Name} value {e} is undefined");
    }

    private static void WriteContribution(BinaryWriter w, in CostContribution c)
    {
        w.Write(c.ModelVersion ?? string.Empty);
        w.Write(c.HasTokens);
        w.Write(c.Prompt);
        w.Write(c.Completion);
        w.Write(c.Cached);
        w.Write(c.Requests);
        w.Write(c.GpuUsd);
        w.Write(c.GpuSeconds);
        w.Write(c.UnpricedGpuSeconds);
        w.Write(c.Gpus);
    }

    private static CostContribution ReadContribution(BinaryReader r) => new()
    {
        ModelVersion = r.ReadString(),
        HasTokens = r.ReadBoolean(),
        Prompt = r.ReadDouble(),
        Completion = r.ReadDouble(),
        Cached = r.ReadDouble(),
        Requests = r.ReadInt64(),
        GpuUsd = r.ReadDouble(),
        GpuSeconds = r.ReadDouble(),
        UnpricedGpuSeconds = r.ReadDouble(),
        Gpus = r.ReadInt64(),
    };
}
