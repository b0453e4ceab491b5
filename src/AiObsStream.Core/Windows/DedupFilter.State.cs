using AiObsStream.Core.State;

namespace AiObsStream.Core.Windows;

/// <content>Checkpoint of the held record identities per event-time bucket.</content>
public sealed partial class DedupFilter
{
    private const string StateTag = "DEDP";
    private const byte StateVersion = 1;

    /// <summary>Writes the held keys, buckets and keys in ascending order (deterministic bytes).</summary>
    /// <param name="writer">The destination.</param>
    public void SaveState(BinaryWriter writer) => StateFrame.Write(writer, StateTag, StateVersion, this, static (w, self) =>
    {
        w.Write(self._bucketMs);
        w.Write(self._retentionMs);
        var buckets = new long[self._buckets.Count];
        self._buckets.Keys.CopyTo(buckets, 0);
        Array.Sort(buckets);
        w.Write(buckets.Length);
        var keys = new List<ulong>();
        foreach (var bucket in buckets)
        {
            keys.Clear();
            self._buckets[bucket].CopyTo(keys);
            keys.Sort();
            w.Write(bucket);
            w.Write(keys.Count);
            foreach (var key in keys)
            {
                w.Write(key);
            }
        }
    });

    /// <summary>Replaces the held keys with a state written by <see cref="SaveState"/>.</summary>
    /// <param name="reader">The source.</param>
    /// <exception cref="InvalidDataException">The state is truncated, corrupt, of another version or another bucket size.</exception>
    public void RestoreState(BinaryReader reader) => StateFrame.Read(reader, StateTag, StateVersion, nameof(DedupFilter), this, static (r, self) =>
    {
        var bucketMs = r.ReadInt64();
        var retentionMs = r.ReadInt64();
        StateFrame.Check(bucketMs == self._bucketMs && retentionMs == self._retentionMs,
            $"bucket/retention {bucketMs}/{retentionMs} ms differ from this filter's {self._bucketMs}/{self._retentionMs} ms");
        self._buckets.Clear();
        self._lastSet = null;
        self.Count = 0;
        var n = StateFrame.ReadCount(r, "buckets");
        for (var i = 0; i < n; i++)
        {
            var bucket = r.ReadInt64();
            var keys = StateFrame.ReadCount(r, "keys");
            var set = new RecordKeySet(keys);
            for (var k = 0; k < keys; k++)
            {
                var key = r.ReadUInt64();
                StateFrame.Check(key != 0 && set.Add(key), "a key is 0 or repeated");
            }

            StateFrame.Check(self._buckets.TryAdd(bucket, set), "a bucket is repeated");
            self.Count += keys;
        }
    });
}
