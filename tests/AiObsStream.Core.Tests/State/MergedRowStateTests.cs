using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Tests.State;

/// <summary>
/// A final row that is also the on-time row (<see cref="MetricRow.AlsoOnTime"/>) is kept by on-time readers only (a rule's
/// last row): a checkpoint holds the on-time row it stands for, byte for byte what the two-row emission wrote.
/// </summary>
public class MergedRowStateTests
{
    private static readonly MetricRow OnTime = new()
    {
        WindowStartMs = 60_000,
        WindowEndMs = 120_000,
        Metric = MetricNames.GpuUtil,
        Dims = DimsPool.Shared.Intern(new DimsKey(TelemetrySource.DCGM, "dep", "", "", "", "", "node", "GPU-0")),
        ModelVersion = "v1",
        Count = 4,
        Sum = 300,
        Min = 60,
        Max = 90,
        Mean = 75,
        P95 = 90,
        Kind = RowKind.OnTime,
    };

    [Fact]
    public void WriteRow_MergedRow_SameBytesAsTheOnTimeRow()
    {
        var merged = OnTime with { Kind = RowKind.Final, AlsoOnTime = true };

        Assert.Equal(RowBytes.Of(OnTime), RowBytes.Of(merged));
        Assert.NotEqual(RowBytes.Of(OnTime), RowBytes.Of(OnTime with { Kind = RowKind.Final })); // a plain final row stays final
    }

    [Fact]
    public void ReadRow_MergedRowWritten_RestoresTheOnTimeRow()
    {
        using var r = new BinaryReader(new MemoryStream(RowBytes.Of(OnTime with { Kind = RowKind.Final, AlsoOnTime = true })));

        var restored = StateCodec.ReadNullableRow(r)!;

        Assert.Equal(RowKind.OnTime, restored.Kind);
        Assert.False(restored.AlsoOnTime);
        Assert.Equal(OnTime, restored with { Dims = OnTime.Dims, Metric = OnTime.Metric, ModelVersion = OnTime.ModelVersion });
    }
}
