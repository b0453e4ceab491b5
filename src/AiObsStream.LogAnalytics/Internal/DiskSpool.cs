using System.Globalization;
using System.IO.Compression;

namespace AiObsStream.LogAnalytics.Internal;

/// <summary>
/// Bounded on-disk FIFO of undeliverable batches, ordered by sequence number. Files are written atomically (temp file,
/// flush to disk, rename), so a crash leaves either the whole batch or nothing; a restart scans the folder and resumes.
/// </summary>
/// <remarks>Thread-safe (the engine thread spills here when the in-memory queue is full; the sender drains).
/// Past <see cref="_limitBytes"/> the oldest entries are deleted, except the one being sent, and counted.</remarks>
internal sealed class DiskSpool
{
    private const string Suffix = ".json.gz";
    private readonly string _directory;
    private readonly long _limitBytes;
    private readonly CompressionLevel _level;
    private readonly SortedDictionary<long, SpoolEntry> _entries = [];
    private readonly Lock _lock = new();
    private long _bytes;
    private long _inFlightSeq = -1;

    public DiskSpool(string directory, long limitBytes, CompressionLevel level)
    {
        _directory = directory;
        _limitBytes = limitBytes;
        _level = level;
        Directory.CreateDirectory(directory);
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                File.Delete(path); // an interrupted write: its batch was never acknowledged as spooled
            }
            else if (TryParseName(name, out var seq, out var kind, out var rows))
            {
                var entry = new SpoolEntry(seq, kind, rows, new FileInfo(path).Length, path);
                if (_entries.TryGetValue(seq, out var twin))
                {
                    // A crash between a replacement's rename and the old file's delete: the replacement (the
                    // undelivered suffix of the batch) has fewer rows; the other file's extra rows were delivered.
                    var (keep, drop) = twin.Rows <= rows ? (twin, entry) : (entry, twin);
                    File.Delete(drop.Path);
                    _bytes -= twin.Bytes;
                    entry = keep;
                }

                _entries[seq] = entry;
                _bytes += entry.Bytes;
            }
        }
    }

    public int Count
    {
        get { lock (_lock) { return _entries.Count; } }
    }

    public long Bytes
    {
        get { lock (_lock) { return _bytes; } }
    }

    public long Rows
    {
        get
        {
            lock (_lock)
            {
                long rows = 0;
                foreach (var e in _entries.Values)
                {
                    rows += e.Rows;
                }

                return rows;
            }
        }
    }

    /// <summary>Highest sequence number on disk (0 when empty); new batches must be numbered above it.</summary>
    public long MaxSeq
    {
        get { lock (_lock) { return _entries.Count == 0 ? 0 : _entries.Keys.Max(); } }
    }

    public long DroppedRows { get; private set; }

    public long DroppedBatches { get; private set; }

    /// <summary>Writes (or replaces) a batch; returns the rows dropped to stay within the limit.</summary>
    public long Add(PayloadBatch batch)
    {
        var gzip = GzipCodec.Compress(batch.Json, _level);
        var path = Path.Combine(_directory, FileName(batch));
        var tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            stream.Write(gzip);
            stream.Flush(flushToDisk: true);
        }

        lock (_lock)
        {
            if (_entries.Remove(batch.Seq, out var old))
            {
                _bytes -= old.Bytes;
                if (!string.Equals(old.Path, path, StringComparison.Ordinal))
                {
                    File.Delete(old.Path);
                }
            }

            File.Move(tmp, path, overwrite: true);
            _entries[batch.Seq] = new SpoolEntry(batch.Seq, batch.Kind, batch.Rows, gzip.Length, path);
            _bytes += gzip.Length;
            return EnforceLimit();
        }
    }

    /// <summary>The oldest entry, marked in flight so the size limit does not delete it under the sender.</summary>
    public bool TryPeek(out SpoolEntry? entry)
    {
        lock (_lock)
        {
            foreach (var e in _entries.Values)
            {
                entry = e;
                _inFlightSeq = e.Seq;
                return true;
            }

            entry = null;
            return false;
        }
    }

    public static PayloadBatch Load(SpoolEntry entry) =>
        new(entry.Seq, entry.Kind, GzipCodec.Decompress(File.ReadAllBytes(entry.Path)), entry.Rows);

    /// <summary>Deletes a delivered entry.</summary>
    public void Remove(long seq)
    {
        lock (_lock)
        {
            if (_entries.Remove(seq, out var e))
            {
                _bytes -= e.Bytes;
                File.Delete(e.Path);
            }

            _inFlightSeq = -1;
        }
    }

    private long EnforceLimit()
    {
        long dropped = 0;
        while (_bytes > _limitBytes && _entries.Count > 1)
        {
            SpoolEntry? victim = null;
            foreach (var e in _entries.Values)
            {
                if (e.Seq != _inFlightSeq)
                {
                    victim = e;
                    break;
                }
            }

            if (victim is null)
            {
                break;
            }

            _entries.Remove(victim.Seq);
            _bytes -= victim.Bytes;
            File.Delete(victim.Path);
            DroppedRows += victim.Rows;
            DroppedBatches++;
            dropped += victim.Rows;
        }

        return dropped;
    }

    private static string FileName(PayloadBatch b) => string.Create(
        CultureInfo.InvariantCulture, $"{b.Seq:D19}-{StreamKinds.Letter(b.Kind)}-{b.Rows}{Suffix}");

    private static bool TryParseName(string name, out long seq, out StreamKind kind, out int rows)
    {
        seq = 0;
        rows = 0;
        kind = StreamKind.Metrics;
        if (!name.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = name[..^Suffix.Length].Split('-');
        if (parts.Length != 3 || !StreamKinds.TryParse(parts[1], out kind))
        {
            return false;
        }

        return long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out seq)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out rows);
    }
}
