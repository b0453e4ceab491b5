using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Rules;

/// <content>Checkpoint of the per rule × series alert instances.</content>
/// <remarks>
/// Instances are written in the canonical order (<see cref="SeriesDimsOrder.CompareRuleKeys"/>), so equal states give equal bytes however
/// the map was built. Nothing that affects outputs depends on the map's enumeration order (the no-data sweep sorts its
/// resolves), so restoring is a plain re-insertion.
/// </remarks>
public sealed partial class RuleEngine
{
    private const string StateTag = "RULE";
    private const byte StateVersion = 2; // 2: canonical instance order instead of the map's slot layout

    /// <summary>Writes the engine's complete mutable state (alert instances, firing count) and its rule names.</summary>
    /// <param name="writer">The destination.</param>
    public void SaveState(BinaryWriter writer) => StateFrame.Write(writer, StateTag, StateVersion, this, static (w, self) =>
    {
        w.Write(self._spec.SizeMs);
        w.Write(self._spec.HopMs);
        w.Write(self._rules.Rules.Count);
        foreach (var rule in self._rules.Rules)
        {
            w.Write(rule.Name);
        }

        w.Write(self.FiringCount);
        KeyValuePair<(int Rule, SeriesDims Dims), AlertInstance>[] instances = [.. self._states];
        Array.Sort(instances, static (a, b) => SeriesDimsOrder.CompareRuleKeys(a.Key, b.Key));
        w.Write(instances.Length);
        foreach (var (key, s) in instances)
        {
            WriteInstance(w, key, s);
        }
    });

    /// <summary>
    /// Replaces this engine's state with one written by <see cref="SaveState"/> by an engine with the same rules (by
    /// name and position) and window. Call on a fresh instance; on failure the instance must be discarded.
    /// </summary>
    /// <param name="reader">The source.</param>
    /// <exception cref="InvalidDataException">The state is truncated, corrupt, of another version, window or rule set.</exception>
    public void RestoreState(BinaryReader reader) => StateFrame.Read(reader, StateTag, StateVersion, nameof(RuleEngine), this, static (r, self) =>
    {
        var (size, hop) = (r.ReadInt64(), r.ReadInt64());
        StateFrame.Check(size == self._spec.SizeMs && hop == self._spec.HopMs, $"window {size}/{hop} ms differs from this engine's");
        var rules = StateFrame.ReadCount(r, "rules", 1 << 16);
        StateFrame.Check(rules == self._rules.Rules.Count, $"checkpoint has {rules} rules, this engine {self._rules.Rules.Count}");
        for (var i = 0; i < rules; i++)
        {
            var name = r.ReadString();
            StateFrame.Check(name == self._rules.Rules[i].Name, $"rule {i} is '{name}' in the checkpoint but '{self._rules.Rules[i].Name}' here");
        }

        self.FiringCount = r.ReadInt32();
        self._states.Clear();
        var count = StateFrame.ReadCount(r, "alert instances");
        var firing = 0;
        for (var i = 0; i < count; i++)
        {
            var (key, s) = ReadInstance(r, rules);
            StateFrame.Check(self._states.TryAdd(key, s), $"alert instance {i} repeats rule {key.Rule} on {key.Dims}");
            firing += s.Firing == Severity.None ? 0 : 1;
        }

        StateFrame.Check(firing == self.FiringCount, $"firing count {self.FiringCount} but {firing} firing instances");
    });

    private static void WriteInstance(BinaryWriter w, (int Rule, SeriesDims Dims) key, AlertInstance s)
    {
        w.Write(key.Rule);
        StateIo.WriteDims(w, key.Dims);
        w.Write(s.WarnRun);
        w.Write(s.WarnRunStart);
        w.Write(s.CritRun);
        w.Write(s.CritRunStart);
        w.Write(s.LastWindowStart);
        w.Write((int)s.Firing);
        StateIo.WriteNullable(w, s.AlertId);
        w.Write(s.StartsAt);
        StateCodec.WriteNullableRow(w, s.LastRow);
        w.Write(s.LastValue);
        w.Write(s.LastThreshold);
    }

    private static ((int Rule, SeriesDims Dims) Key, AlertInstance Value) ReadInstance(BinaryReader r, int rules)
    {
        var rule = r.ReadInt32();
        StateFrame.Check(rule >= 0 && rule < rules, $"rule index {rule} out of range");
        var dims = StateIo.ReadDims(r) ?? throw new InvalidDataException("alert instance without dimensions");
        var s = new AlertInstance
        {
            WarnRun = r.ReadInt32(),
            WarnRunStart = r.ReadInt64(),
            CritRun = r.ReadInt32(),
            CritRunStart = r.ReadInt64(),
            LastWindowStart = r.ReadInt64(),
            Firing = StateCodec.ReadEnum<Severity>(r.ReadInt32()),
            AlertId = StateIo.ReadNullable(r),
            StartsAt = r.ReadInt64(),
            LastRow = StateCodec.ReadNullableRow(r),
            LastValue = r.ReadDouble(),
            LastThreshold = r.ReadDouble(),
        };
        StateFrame.Check(s.Firing == Severity.None || s.AlertId is not null,
            "a firing alert instance has no AlertId");
        return ((rule, dims), s);
    }
}
