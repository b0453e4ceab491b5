using AiObsStream.Core.Drift;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Tests.Drift;

public class VersionDriftStateTests
{
    [Fact]
    public void Counts_EqualTheCountsOfTheMergedDistributions_AsWindowsMoveThroughTheBaseline()
    {
        var options = new QualityDriftOptions { RecentWindows = 2, BaselineBucketWindows = 2, BaselineBuckets = 2 };
        var state = new VersionDriftState("2024-08-06", 0);
        Assert.Equal(0, state.CurrentCount());
        Assert.Equal(0, state.BaselineCount());
        for (var w = 0; w < 12; w++)
        {
            var sketch = new DDSketch();
            for (var i = 0; i <= w; i++)
            {
                sketch.Add(1 + i);
            }

            state.AddWindow(w * 60_000L, sketch, excluded: w % 5 == 3, options);
            Assert.Equal(state.Current().Count, state.CurrentCount());
            Assert.Equal(state.Baseline().Count, state.BaselineCount());
        }
    }

    [Fact]
    public void SaveRestore_BeforeAnyWindowReachesTheBaseline_KeepsTheBytes()
    {
        var options = new QualityDriftOptions { RecentWindows = 3 };
        var state = new VersionDriftState("v1", 0);
        var sketch = new DDSketch();
        sketch.Add(5);
        state.AddWindow(0, sketch, excluded: false, options);

        var first = Save(state);
        using var reader = new BinaryReader(new MemoryStream(first));
        var restored = VersionDriftState.Restore(reader);
        Assert.Equal(first, Save(restored));
        Assert.Equal(0, restored.BaselineCount());
    }

    private static byte[] Save(VersionDriftState state)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            state.Save(w);
        }

        return buffer.ToArray();
    }
}
