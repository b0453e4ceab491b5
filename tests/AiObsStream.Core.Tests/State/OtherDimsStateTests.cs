using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Tests.State;

/// <summary>
/// Issue #10 §2: <see cref="SeriesDims.OtherDims"/> is part of a series' identity, order and checkpoint, and series
/// without it are written byte for byte as before the field existed (old checkpoints read unchanged).
/// </summary>
public class OtherDimsStateTests
{
    private static readonly DimsKey Plain = new(TelemetrySource.AzureMetrics, "", "", "", "RenewBlobLease", "/R", "", "");

    [Fact]
    public void Intern_OtherDimsDiffer_DistinctSeriesAndStableHashes()
    {
        var pool = new DimsPool();
        var a = pool.Intern(Plain with { OtherDims = "StatusCode=200" });
        var b = pool.Intern(Plain with { OtherDims = "StatusCode=429" });
        var none = pool.Intern(Plain);

        Assert.NotSame(a, b);
        Assert.NotEqual(a, b);
        Assert.NotEqual(a.StableHash, b.StableHash);
        Assert.Same(a, pool.Intern(Plain with { OtherDims = "StatusCode=200" }));

        // A series without other dimensions keeps the stable hash it had before the field existed.
        var before = StableHash64.Combine(StableHash64.Of(""), StableHash64.Of(""), StableHash64.Of(""),
            StableHash64.Of("RenewBlobLease"), StableHash64.Of("/R"), StableHash64.Of(""), StableHash64.Of(""),
            (ulong)TelemetrySource.AzureMetrics + 1);
        Assert.Equal(before, none.StableHash);
    }

    [Fact]
    public void Compare_OtherDimsLast_TotalOrder()
    {
        var pool = new DimsPool();
        var none = pool.Intern(Plain);
        var a = pool.Intern(Plain with { OtherDims = "StatusCode=200" });
        var b = pool.Intern(Plain with { OtherDims = "StatusCode=429" });

        Assert.True(SeriesDimsOrder.Instance.Compare(none, a) < 0);
        Assert.True(SeriesDimsOrder.Instance.Compare(a, b) < 0);
        Assert.Equal(0, SeriesDimsOrder.Instance.Compare(b, pool.Intern(Plain with { OtherDims = "StatusCode=429" })));
    }

    [Fact]
    public void WriteDims_RoundTripsOtherDims_AndPlainDimsUnchangedOnTheWire()
    {
        var with = DimsPool.Shared.Intern(Plain with { OtherDims = "GeoType=Primary" });
        var plain = DimsPool.Shared.Intern(Plain);

        Assert.Same(with, RoundTrip(with));
        Assert.Same(plain, RoundTrip(plain));

        // The layout of dimensions without OtherDims is the one older checkpoints hold: source byte then 7 strings.
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            StateIo.WriteDims(w, plain);
        }

        var bytes = stream.ToArray();
        Assert.Equal((byte)TelemetrySource.AzureMetrics, bytes[0]);
        Assert.Equal(1 + 7 + "RenewBlobLease".Length + "/R".Length, bytes.Length);
    }

    [Fact]
    public void WriteAlert_RoundTripsOtherDims_AndSourceWithout()
    {
        var alert = new AlertEvent
        {
            AlertId = "a",
            Rule = "r",
            Severity = Severity.Warning,
            Status = AlertStatus.Firing,
            TimeGeneratedMs = 1,
            StartsAtMs = 0,
            Value = 1,
            Threshold = 1,
            Metric = "Availability",
            Statistic = Statistic.Mean,
            Source = "AzureMetrics",
            Deployment = "",
            ModelName = "",
            ModelVersion = "",
            Operation = "RenewBlobLease",
            Host = "",
            Gpu = "",
            Summary = "x",
            OtherDims = "GeoType=Primary",
        };

        var back = RoundTrip(alert);
        Assert.Equal("AzureMetrics", back.Source);
        Assert.Equal("GeoType=Primary", back.OtherDims);
        Assert.Equal(alert, back with { Score = alert.Score, ExpectedValue = alert.ExpectedValue, LowerBound = alert.LowerBound, UpperBound = alert.UpperBound });

        var plain = RoundTrip(alert with { OtherDims = "" });
        Assert.Equal("AzureMetrics", plain.Source);
        Assert.Equal(string.Empty, plain.OtherDims);
    }

    private static SeriesDims? RoundTrip(SeriesDims dims)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            StateIo.WriteDims(w, dims);
        }

        stream.Position = 0;
        using var r = new BinaryReader(stream);
        return StateIo.ReadDims(r);
    }

    private static AlertEvent RoundTrip(AlertEvent alert)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            StateCodec.WriteAlert(w, alert);
        }

        stream.Position = 0;
        using var r = new BinaryReader(stream);
        return StateCodec.ReadAlert(r);
    }
}
