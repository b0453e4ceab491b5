using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Rules;

/// <content>Checkpoint of the per rule × series alert instances.</content>
/// <remarks>
/// The instance map is saved with its slot layout (<see cref="DictionaryLayout"/>): the no-data sweep emits resolves in
/// map order, so a restored engine must enumerate exactly as the original did, also after later expiries and inserts.
/// </remarks>
public sealed partial class RuleEngine
{
    private const string StateTag = "RULE";
    private const byte StateVersion = 1;
    private static readonly SeriesDims PlaceholderDims = new(TelemetrySource.DCGM, "", "", "", "", "", "", "");

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
        DictionaryLayout.Write(w, self._states, static (w, key, s) =>
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
        });
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
        DictionaryLayout.Read(r, self._states, r => ReadInstance(r, rules), static i => (-1 - i, PlaceholderDims));
    });

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
