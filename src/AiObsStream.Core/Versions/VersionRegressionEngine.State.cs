using AiObsStream.Core.Rules;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Versions;

/// <content>Checkpointing (see <see cref="StateIo"/>).</content>
public sealed partial class VersionRegressionEngine
{
    private const string Tag = "VREG";
    private const byte FormatVersion = 1;

    /// <summary>Writes the engine's state: rollout tracking, window history per version and alerts in progress.</summary>
    /// <param name="writer">The writer.</param>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateIo.WriteHeader(writer, Tag, FormatVersion);
        _detector.SaveState(writer);
        writer.Write(_states.Count);
        foreach (var (deployment, s) in _states)
        {
            writer.Write(deployment);
            writer.Write(s.ModelName);
            writer.Write(s.CleanEvaluations);
            writer.Write(s.LastResolvedMs);
            writer.Write(s.History.Count);
            foreach (var (version, list) in s.History)
            {
                writer.Write(version);
                writer.Write(list.Count);
                foreach (var sample in list)
                {
                    sample.Save(writer);
                }
            }

            writer.Write(s.Firing is not null);
            if (s.Firing is { } f)
            {
                writer.Write(f.AlertId);
                writer.Write(f.StartsAtMs);
                writer.Write(f.Candidate);
                writer.Write(f.Baseline);
                writer.Write(f.Metric);
                writer.Write((int)f.Statistic);
                writer.Write(f.Value);
                writer.Write(f.Threshold);
                writer.Write(f.Confidence);
            }
        }

        StateCollections.WriteList(writer, _rollouts, StateCodec.WriteRollout);
    }

    /// <summary>Restores state written by <see cref="SaveState"/> into a freshly constructed engine (same options).</summary>
    /// <param name="reader">The reader.</param>
    public void RestoreState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateIo.ReadHeader(reader, Tag, FormatVersion);
        _detector.RestoreState(reader);
        _states.Clear();
        FiringCount = 0;
        var n = reader.ReadInt32();
        for (var i = 0; i < n; i++)
        {
            var deployment = reader.ReadString();
            var s = new RegressionState { ModelName = reader.ReadString(), CleanEvaluations = reader.ReadInt32(), LastResolvedMs = reader.ReadInt64() };
            var versions = reader.ReadInt32();
            for (var v = 0; v < versions; v++)
            {
                var version = reader.ReadString();
                var count = reader.ReadInt32();
                var list = new List<WindowSample>(Math.Min(count, 100_000));
                for (var k = 0; k < count; k++)
                {
                    list.Add(WindowSample.Read(reader));
                }

                s.History[version] = list;
            }

            if (reader.ReadBoolean())
            {
                s.Firing = new FiringRegression(reader.ReadString(), reader.ReadInt64(), reader.ReadString(), reader.ReadString(),
                    reader.ReadString(), (Statistic)reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
                FiringCount++;
            }

            _states[deployment] = s;
        }

        _rollouts.Clear();
        StateCollections.ReadList(reader, reader.ReadInt32(), _rollouts, StateCodec.ReadRollout);
    }
}
