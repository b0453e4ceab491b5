using AiObsStream.Core.State;

namespace AiObsStream.Core.Security;

/// <content>Saved state: every used slot's key, count and error, in slot order (slot indices are what callers key on).</content>
public sealed partial class SpaceSaving
{
    /// <summary>Writes the used slots (the capacity is the owner's option and is checked on restore).</summary>
    internal void Save(BinaryWriter w)
    {
        w.Write(Capacity);
        w.Write(_used);
        for (var i = 0; i < _used; i++)
        {
            w.Write(_keys[i]!);
            w.Write(_counts[i]);
            w.Write(_errors[i]);
        }
    }

    /// <summary>Restores slots written by <see cref="Save"/> into this empty summary of the same capacity.</summary>
    /// <exception cref="InvalidDataException">The capacity differs, the summary is not empty, or the data is corrupt.</exception>
    internal void Restore(BinaryReader r)
    {
        StateFrame.Check(_used == 0, "a Space-Saving summary is restored only when empty");
        var capacity = r.ReadInt32();
        StateFrame.Check(capacity == Capacity,
            $"the saved top-K summary has {capacity} slots; this configuration has {Capacity} (restart with the same top-K setting)");
        var used = StateFrame.ReadCount(r, "top-K slots", Capacity);
        while (_keys.Length < used)
        {
            Grow();
        }

        for (var i = 0; i < used; i++)
        {
            var key = r.ReadString();
            var count = r.ReadDouble();
            var error = r.ReadDouble();
            StateFrame.Check(!_index.ContainsKey(key), "a key is tracked in two top-K slots");
            StateFrame.Check(count >= 0 && error >= 0 && error <= count, $"top-K slot {i} has count {count} and error {error}");
            _keys[i] = key;
            _counts[i] = count;
            _errors[i] = error;
            _index[key] = i;
        }

        _used = used;
    }
}
