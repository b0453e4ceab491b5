using AiObsStream.Core.Simulation;

namespace AiObsStream.Core.Tests.Simulation;

public class IncidentSpecTests
{
    [Theory]
    [InlineData("quality-drift@0", IncidentKind.QualityDrift, 0)]
    [InlineData("latency-regression@12", IncidentKind.LatencyRegression, 12)]
    [InlineData("GPU-THERMAL@29", IncidentKind.GpuThermal, 29)]
    [InlineData("spend-spike@3", IncidentKind.SpendSpike, 3)]
    [InlineData("429-storm@7", IncidentKind.Http429Storm, 7)]
    [InlineData("ingestion-gap@1", IncidentKind.IngestionGap, 1)]
    [InlineData("load-burst@4", IncidentKind.LoadBurst, 4)]
    [InlineData("version-regression@5", IncidentKind.VersionRegression, 5)]
    [InlineData("benign-release@6", IncidentKind.BenignRelease, 6)]
    [InlineData("gpu-memory@7", IncidentKind.GpuMemory, 7)]
    [InlineData("gpu-idle@8", IncidentKind.GpuIdle, 8)]
    [InlineData("gpu-ecc@9", IncidentKind.GpuEcc, 9)]
    public void TryParse_ValidSpec_ParsesKindAndMinute(string text, IncidentKind kind, int minute)
    {
        Assert.True(IncidentSpec.TryParse(text, 30, out var spec, out var error), error);
        Assert.Equal(new IncidentSpec(kind, minute), spec);
    }

    [Theory]
    [InlineData("meltdown@3", "unknown incident kind")]
    [InlineData("gpu-thermal@30", "out of range")]
    [InlineData("gpu-thermal@-1", "out of range")]
    [InlineData("gpu-thermal", "KIND@MINUTE")]
    [InlineData("gpu-thermal@", "KIND@MINUTE")]
    [InlineData("@3", "KIND@MINUTE")]
    public void TryParse_InvalidSpec_FalseWithReason(string text, string reason)
    {
        Assert.False(IncidentSpec.TryParse(text, 30, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_RoundTripsThroughTryParse()
    {
        var spec = new IncidentSpec(IncidentKind.Http429Storm, 4);
        Assert.True(IncidentSpec.TryParse(spec.ToString(), 10, out var back, out _));
        Assert.Equal(spec, back);
    }
}
