using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Cost;

/// <content>Checkpointing (see <see cref="StateIo"/>).</content>
public sealed partial class CostDeriver
{
    private const string Tag = "COST";
    private const byte Version = 1;

    /// <summary>Writes the learned mappings, live windows, revisions and counters.</summary>
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
            writer.Write(window.Count);
            foreach (var (dims, c) in window)
            {
                StateIo.WriteDims(writer, dims);
                WriteContribution(writer, c);
            }
        }

        writer.Write(_revisions.Count);
        foreach (var (key, revision) in _revisions)
        {
            writer.Write(key.WindowStartMs);
            writer.Write(key.WindowEndMs);
            writer.Write((byte)key.Source);
            writer.Write(key.Deployment);
            writer.Write(key.ModelVersion);
            writer.Write(revision);
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
            var window = new Dictionary<SeriesDims, CostContribution>();
            _live[reader.ReadInt64()] = window;
            for (int j = 0, m = reader.ReadInt32(); j < m; j++)
            {
                var dims = StateIo.ReadDims(reader) ?? throw new InvalidDataException("cost checkpoint: a live series has no dimensions");
                window[dims] = ReadContribution(reader);
            }
        }

        _revisions.Clear();
        for (int i = 0, n = reader.ReadInt32(); i < n; i++)
        {
            var key = new CostKey(reader.ReadInt64(), reader.ReadInt64(), (TelemetrySource)reader.ReadByte(), reader.ReadString(), reader.ReadString());
            _revisions[key] = reader.ReadInt32();
        }
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
