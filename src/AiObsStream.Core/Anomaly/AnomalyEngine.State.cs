using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Anomaly;

/// <content>Checkpoint of the per rule × series detector windows and alert lifecycles.</content>
/// <remarks>
/// No output depends on the order of the instance map (expiry only removes); it is written in the canonical order of
/// <see cref="SeriesDimsOrder.CompareRuleKeys"/> so that equal states give equal bytes. The detector windows use <see cref="SrSeriesState.WriteTo"/>. Scratch buffers and detectors are configuration.
/// </remarks>
public sealed partial class AnomalyEngine
{
    private const string StateTag = "ANOM";
    private const byte StateVersion = 1;

    /// <summary>Writes the engine's complete mutable state (detector windows, candidates, alert lifecycles).</summary>
    /// <param name="writer">The destination.</param>
    public void SaveState(BinaryWriter writer) => StateFrame.Write(writer, StateTag, StateVersion, this, static (w, self) =>
    {
        w.Write(self._options.Rules.Count);
        foreach (var rule in self._options.Rules)
        {
            w.Write(rule.Name);
            w.Write((int)rule.Detector);
        }

        KeyValuePair<(int Rule, SeriesDims Dims), AnomalyInstance>[] instances = [.. self._states];
        Array.Sort(instances, static (a, b) => SeriesDimsOrder.CompareRuleKeys(a.Key, b.Key));
        w.Write(instances.Length);
        foreach (var ((rule, dims), s) in instances)
        {
            w.Write(rule);
            StateIo.WriteDims(w, dims);
            s.State.WriteTo(w);
            StateIo.WriteNullable(w, s.AlertId);
            w.Write(s.StartsAt);
            w.Write(s.ClearPoints);
            w.Write(s.FirstClearStart);
            w.Write(s.LastBucketStart);
            // Where the series' last bucket row was: nothing read it, and holding it kept every anomaly series' last row
            // (and its sketch copy) alive (#12). The frame keeps its place, always empty, so checkpoints of either
            // version read in the other.
            StateCodec.WriteNullableRow(w, null);
            w.Write(s.CandidateStart);
            w.Write(s.CandidateDirection);
            w.Write(s.CandidateExpected);
            w.Write(s.CandidateSpread);
            w.Write(s.CandidateScore);
            w.Write(s.CandidatePoints);
            w.Write(s.CandidateHits);
        }
    });

    /// <summary>
    /// Replaces this engine's state with one written by <see cref="SaveState"/>. Rules are matched by name and detector:
    /// series of a rule this engine also has keep their windows and alerts, series of a rule it no longer has are dropped,
    /// and a rule new to it starts warming up (so a checkpoint of an engine with fewer default rules, or another rule
    /// file, restores). Call on a fresh instance; on failure the instance must be discarded.
    /// </summary>
    /// <param name="reader">The source.</param>
    /// <exception cref="InvalidDataException">The state is truncated, corrupt or of another version.</exception>
    public void RestoreState(BinaryReader reader) => StateFrame.Read(reader, StateTag, StateVersion, nameof(AnomalyEngine), this, static (r, self) =>
    {
        var rules = self._options.Rules;
        var count = StateFrame.ReadCount(r, "rules", 1 << 16);
        var here = new int[count]; // the checkpoint's rule index -> this engine's, or -1
        var detectors = new int[count];
        for (var i = 0; i < count; i++)
        {
            var (name, detector) = (r.ReadString(), r.ReadInt32());
            detectors[i] = detector;
            here[i] = -1;
            for (var j = 0; j < rules.Count; j++)
            {
                if (name == rules[j].Name && detector == (int)rules[j].Detector)
                {
                    here[i] = j;
                    break;
                }
            }
        }

        var cnnWindow = self._srCnn?.CreateState().WindowSize ?? -1;
        self._states.Clear();
        var n = StateFrame.ReadCount(r, "series");
        for (var i = 0; i < n; i++)
        {
            var rule = r.ReadInt32();
            StateFrame.Check(rule >= 0 && rule < count, $"rule index {rule} out of range");
            var dims = StateIo.ReadDims(r) ?? throw new InvalidDataException("anomaly instance without dimensions");
            var window = SrSeriesState.ReadFrom(r);
            var expected = detectors[rule] == (int)AnomalyDetectorKind.SrCnn ? cnnWindow : self._sr.Options.WindowSize;
            StateFrame.Check(here[rule] < 0 || window.WindowSize == expected, $"detector window {window.WindowSize} differs from this engine's {expected}");
            var s = new AnomalyInstance(window)
            {
                AlertId = StateIo.ReadNullable(r),
                StartsAt = r.ReadInt64(),
                ClearPoints = r.ReadInt32(),
                FirstClearStart = r.ReadInt64(),
                LastBucketStart = r.ReadInt64(),
            };
            _ = StateCodec.ReadNullableRow(r); // the last bucket row of checkpoints before #12's change: not kept
            s.CandidateStart = r.ReadInt64();
            s.CandidateDirection = r.ReadInt32();
            s.CandidateExpected = r.ReadDouble();
            s.CandidateSpread = r.ReadDouble();
            s.CandidateScore = r.ReadDouble();
            s.CandidatePoints = r.ReadInt32();
            s.CandidateHits = r.ReadInt32();
            if (here[rule] >= 0)
            {
                StateFrame.Check(self._states.TryAdd((here[rule], dims), s), "an anomaly series is repeated");
            }
        }
    });
}
