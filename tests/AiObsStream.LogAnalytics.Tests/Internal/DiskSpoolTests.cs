using System.IO.Compression;
using System.Text;
using AiObsStream.LogAnalytics.Internal;

namespace AiObsStream.LogAnalytics.Tests.Internal;

public sealed class DiskSpoolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-spool-").FullName;

    private static PayloadBatch Batch(long seq, int rows, int size = 200)
    {
        var json = new StringBuilder("[");
        var random = new Random((int)seq);
        for (var i = 0; i < rows; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"RowId\":\"").Append(seq).Append('-').Append(i).Append("\",\"Pad\":\"");
            for (var j = 0; j < size; j++)
            {
                json.Append((char)('a' + random.Next(26))); // incompressible-ish, so sizes are predictable
            }

            json.Append("\"}");
        }

        return new PayloadBatch(seq, seq % 2 == 0 ? StreamKind.Metrics : StreamKind.Alerts, Encoding.UTF8.GetBytes(json.Append(']').ToString()), rows);
    }

    [Fact]
    public void Constructor_AfterRestart_ResumesEntriesInSequenceOrderAndDeletesTempFiles()
    {
        var first = new DiskSpool(_dir, 10_000_000, CompressionLevel.Fastest);
        first.Add(Batch(7, 3));
        first.Add(Batch(3, 2));
        first.Add(Batch(12, 1));
        File.WriteAllText(Path.Combine(_dir, "0000000000000000099-m-5.json.gz.tmp"), "half written");

        var second = new DiskSpool(_dir, 10_000_000, CompressionLevel.Fastest);
        Assert.Equal(3, second.Count);
        Assert.Equal(12, second.MaxSeq);
        Assert.Equal(6, second.Rows);
        Assert.False(File.Exists(Path.Combine(_dir, "0000000000000000099-m-5.json.gz.tmp")));
        var order = new List<long>();
        while (second.TryPeek(out var e))
        {
            var loaded = DiskSpool.Load(e!);
            Assert.Equal(Batch(e!.Seq, e.Rows).Json, loaded.Json);
            Assert.Equal(e.Seq % 2 == 0 ? StreamKind.Metrics : StreamKind.Alerts, loaded.Kind);
            order.Add(e.Seq);
            second.Remove(e.Seq);
        }

        Assert.Equal([3L, 7L, 12L], order);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void IncidentBatches_KeepTheirStreamAcrossARestart_UnknownLettersIgnored()
    {
        var first = new DiskSpool(_dir, 10_000_000, CompressionLevel.Fastest);
        first.Add(Batch(4, 2) with { Kind = StreamKind.Incidents });
        first.Add(Batch(5, 1));
        File.WriteAllText(Path.Combine(_dir, "0000000000000000009-x-1.json.gz"), "from a future stream");

        var second = new DiskSpool(_dir, 10_000_000, CompressionLevel.Fastest);
        Assert.Equal(2, second.Count);
        Assert.True(second.TryPeek(out var e));
        Assert.Equal((4L, StreamKind.Incidents), (e!.Seq, DiskSpool.Load(e).Kind));
        Assert.Contains("-i-2.json.gz", e.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_OverLimit_DropsOldestOnlyAndCountsRows()
    {
        var spool = new DiskSpool(_dir, 3_000, CompressionLevel.Fastest);
        for (var seq = 1; seq <= 10; seq++)
        {
            spool.Add(Batch(seq, 2, 300)); // ~ 500 bytes gzip each
        }

        Assert.True(spool.Bytes <= 3_000);
        Assert.True(spool.DroppedBatches > 0);
        Assert.Equal(2 * spool.DroppedBatches, spool.DroppedRows);
        Assert.Equal(10 - spool.DroppedBatches, spool.Count);
        Assert.True(spool.TryPeek(out var head));
        Assert.Equal(spool.DroppedBatches + 1, head!.Seq); // the survivors are the newest
    }

    [Fact]
    public void Add_SameSequence_ReplacesTheEntry()
    {
        var spool = new DiskSpool(_dir, 10_000_000, CompressionLevel.Fastest);
        spool.Add(Batch(5, 4));
        spool.Add(Batch(5, 1));
        Assert.Equal(1, spool.Count);
        Assert.Equal(1, spool.Rows);
        Assert.Single(Directory.GetFiles(_dir));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
