using System.IO.Compression;
using System.Text;
using AiObsStream.LogAnalytics.Internal;

namespace AiObsStream.LogAnalytics.Tests.Internal;

/// <summary>Action records (AiObsActions_CL) keep their stream in the spool across a restart and have their own letter.</summary>
public sealed class ActionStreamTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-spool-actions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ActionBatches_KeepTheirStreamAcrossARestart()
    {
        var rows = "[{\"Action\":\"rollback\",\"Outcome\":\"dry-run\"}]"u8.ToArray();
        new DiskSpool(_dir, 10_000_000, CompressionLevel.Fastest).Add(new PayloadBatch(7, StreamKind.Actions, rows, 1));

        var second = new DiskSpool(_dir, 10_000_000, CompressionLevel.Fastest);
        Assert.True(second.TryPeek(out var e));
        Assert.Contains("-c-1.json.gz", e!.Path, StringComparison.Ordinal);
        var loaded = DiskSpool.Load(e);
        Assert.Equal(StreamKind.Actions, loaded.Kind);
        Assert.Equal(Encoding.UTF8.GetString(rows), Encoding.UTF8.GetString(loaded.Json));
    }

    [Fact]
    public void Letters_RoundTrip_AndAreDistinct()
    {
        var kinds = Enum.GetValues<StreamKind>();
        Assert.Equal(kinds.Length, kinds.Select(StreamKinds.Letter).Distinct().Count());
        foreach (var kind in kinds)
        {
            Assert.True(StreamKinds.TryParse(StreamKinds.Letter(kind).ToString(), out var back) && back == kind);
        }
    }
}
