using AiObsStream.Core.Network;

namespace AiObsStream.Core.Tests.Network;

/// <summary>Jitter as defined in README "Dependency latency": the mean absolute difference of consecutive latencies.</summary>
public class LatencyWindowTests
{
    [Fact]
    public void Jitter_MeanAbsoluteDifferenceOfNeighbours()
    {
        var w = new LatencyWindow();
        foreach (var ms in new[] { 100.0, 300, 200, 200 })
        {
            w.Add(ms);
        }

        Assert.Equal((200 + 100 + 0) / 3.0, w.Jitter, 9);
        Assert.Equal(4, w.Count);
    }

    [Fact]
    public void OneValue_NoJitter_QuantileIsTheValue()
    {
        var w = new LatencyWindow();
        w.Add(250);

        Assert.True(double.IsNaN(w.Jitter));
        Assert.Equal(250, w.Quantile(0.5), 250 * 0.02);
    }

    [Fact]
    public void Empty_NaN()
    {
        var w = new LatencyWindow();

        Assert.True(double.IsNaN(w.Quantile(0.95)));
        Assert.True(double.IsNaN(w.Jitter));
    }

    [Fact]
    public void Quantiles_WithinTheSketchAccuracy()
    {
        var w = new LatencyWindow();
        for (var i = 1; i <= 100; i++)
        {
            w.Add(i * 10);
        }

        Assert.InRange(w.Quantile(0.5), 490, 515);
        Assert.InRange(w.Quantile(0.95), 930, 965);
    }
}
