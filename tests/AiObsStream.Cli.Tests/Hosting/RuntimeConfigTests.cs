using System.Text.Json;

namespace AiObsStream.Cli.Tests.Hosting;

/// <summary>The JIT, thread-pool and GC settings the CLI ships in aiobs.runtimeconfig.json (README "Performance figures", #12).</summary>
public sealed class RuntimeConfigTests
{
    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "aiobs.runtimeconfig.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void RuntimeConfig_RaisesTheTierOneCallCountThreshold()
    {
        // The runtime reads this exact name; a misspelt one would be ignored silently and the JIT cost would return.
        Assert.Equal("5000", ConfigProperties().GetProperty("System.Runtime.TieredCompilation.CallCountThreshold").ToString());
    }

    [Fact]
    public void RuntimeConfig_KeepsLoopsOptimizedAndPgoOff()
    {
        var properties = ConfigProperties();
        Assert.False(properties.GetProperty("System.Runtime.TieredCompilation.QuickJitForLoops").GetBoolean());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }

    [Fact]
    public void RuntimeConfig_KeepsArraysUpToFourMegabytesOutOfTheLargeObjectHeap()
    {
        // The GC reads System.GC.LOHThreshold (bytes): the outgrown arrays of series-keyed dictionaries and row lists
        // then die in generation 0 instead of staying resident until a full collection (#12, peak RSS per series).
        Assert.Equal(4 * 1024 * 1024, ConfigProperties().GetProperty("System.GC.LOHThreshold").GetInt32());
    }

    [Fact]
    public void RuntimeConfig_IdleWorkersDoNotSpin()
    {
        Assert.Equal(0, ConfigProperties().GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
