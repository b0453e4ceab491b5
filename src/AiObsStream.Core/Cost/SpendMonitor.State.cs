using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Core.Operators;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Cost;

/// <content>Checkpointing (see <see cref="StateIo"/>).</content>
public sealed partial class SpendMonitor
{
    private const string Tag = "SPND";
    private const byte Version = 2; // 2: the spend-surge series (version 1 checkpoints are refused)

    /// <summary>Writes every series (buckets, history, detector state, open alerts).</summary>
    /// <param name="writer">The writer.</param>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateIo.WriteHeader(writer, Tag, Version);
        writer.Write(_maxWindowEndMs);
        writer.Write(_series.Count);
        foreach (var s in _series.Values)
        {
            writer.Write(s.Deployment);
            writer.Write(s.NextBucketMs);
            writer.Write(s.HistoryStartMs);
            writer.Write(s.History.Count);
            foreach (var v in s.History)
            {
                writer.Write(v);
            }

            writer.Write(s.Open.Count);
            foreach (var (start, versions) in s.Open)
            {
                writer.Write(start);
                writer.Write(versions.Count);
                foreach (var (version, usd) in versions)
                {
                    writer.Write(version);
                    writer.Write(usd);
                }
            }

            StateIo.WriteDims(writer, s.Dims);
            writer.Write(s.Version);
            writer.Write(s.Sr is not null);
            s.Sr?.WriteTo(writer);
            StateIo.WriteNullable(writer, s.SeedAlertId);
            writer.Write(s.SeedStartsAt);
            StateIo.WriteNullable(writer, s.SrAlertId);
            writer.Write(s.SrStartsAt);
            writer.Write(s.Surge is not null);
            if (s.Surge is not null)
            {
                WriteSurge(writer, s.Surge);
            }
        }
    }

    private static void WriteSurge(BinaryWriter writer, SpendSurgeState g)
    {
        writer.Write(g.NextMs);
        writer.Write(g.Open.Count);
        foreach (var (start, versions) in g.Open)
        {
            writer.Write(start);
            writer.Write(versions.Count);
            foreach (var (version, (usd, requests)) in versions)
            {
                writer.Write(version);
                writer.Write(usd);
                writer.Write(requests);
            }
        }

        writer.Write(g.Baseline.Count);
        foreach (var (usd, perRequest) in g.Baseline)
        {
            writer.Write(usd);
            writer.Write(perRequest);
        }

        StateIo.WriteDims(writer, g.Dims);
        writer.Write(g.Version);
        writer.Write(g.Run);
        writer.Write(g.RunStartMs);
        StateIo.WriteNullable(writer, g.AlertId);
        writer.Write(g.StartsAt);
        writer.Write(g.PeakUsdPerMinute);
        writer.Write(g.PeakPerRequest);
    }

    private static SpendSurgeState ReadSurge(BinaryReader reader, int baselineWindows)
    {
        var g = new SpendSurgeState { NextMs = reader.ReadInt64() };
        for (int j = 0, m = reader.ReadInt32(); j < m; j++)
        {
            var versions = new SortedDictionary<string, (double Usd, long Requests)>(StringComparer.Ordinal);
            g.Open[reader.ReadInt64()] = versions;
            for (int k = 0, v = reader.ReadInt32(); k < v; k++)
            {
                versions[reader.ReadString()] = (reader.ReadDouble(), reader.ReadInt64());
            }
        }

        for (int j = 0, m = reader.ReadInt32(); j < m; j++)
        {
            g.Baseline.Add((reader.ReadDouble(), reader.ReadDouble()));
        }

        if (g.Baseline.Count > baselineWindows)
        {
            g.Baseline.RemoveRange(0, g.Baseline.Count - baselineWindows); // the option shrank: keep the newest
        }

        g.Dims = StateIo.ReadDims(reader);
        g.Version = reader.ReadString();
        g.Run = reader.ReadInt32();
        g.RunStartMs = reader.ReadInt64();
        g.AlertId = StateIo.ReadNullable(reader);
        g.StartsAt = reader.ReadInt64();
        g.PeakUsdPerMinute = reader.ReadDouble();
        g.PeakPerRequest = reader.ReadDouble();
        return g;
    }

    /// <summary>Restores state written by <see cref="SaveState"/> into a fresh instance with the same options.</summary>
    /// <param name="reader">The reader.</param>
    /// <exception cref="InvalidDataException">The section is not a spend monitor checkpoint of this version (version 1,
    /// written before the spend-surge rule, is refused: start without the checkpoint).</exception>
    public void RestoreState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateIo.ReadHeader(reader, Tag, Version);
        _maxWindowEndMs = reader.ReadInt64();
        _series.Clear();
        for (int i = 0, n = reader.ReadInt32(); i < n; i++)
        {
            var s = new SpendSeries(reader.ReadString(), reader.ReadInt64()) { HistoryStartMs = reader.ReadInt64() };
            for (int j = 0, m = reader.ReadInt32(); j < m; j++)
            {
                s.History.Add(reader.ReadDouble());
            }

            for (int j = 0, m = reader.ReadInt32(); j < m; j++)
            {
                var versions = new SmallOrdinalMap<double>();
                s.Open[reader.ReadInt64()] = versions;
                for (int k = 0, v = reader.ReadInt32(); k < v; k++)
                {
                    versions[reader.ReadString()] = reader.ReadDouble();
                }
            }

            s.Dims = StateIo.ReadDims(reader);
            s.Version = reader.ReadString();
            s.Sr = reader.ReadBoolean() ? SrSeriesState.ReadFrom(reader) : null;
            if (s.Sr is not null && _detector is not null && s.Sr.WindowSize != _detector.WindowSize - _detector.Options.BackAddWindowSize)
            {
                throw new InvalidDataException("spend checkpoint: SR-CNN state window differs from the model in use");
            }

            s.Sr ??= _detector?.CreateState();
            s.SeedAlertId = StateIo.ReadNullable(reader);
            s.SeedStartsAt = reader.ReadInt64();
            s.SrAlertId = StateIo.ReadNullable(reader);
            s.SrStartsAt = reader.ReadInt64();
            s.Surge = reader.ReadBoolean() ? ReadSurge(reader, _options.Surge.BaselineWindows) : null;
            if (s.Surge is not null && s.Surge.NextMs % _surgeMs != 0)
            {
                throw new InvalidDataException("spend checkpoint: surge windows differ from pricing.spend.surge.window in use");
            }

            _series[s.Deployment] = s;
        }
    }
}
