using System.Text.Json;

namespace AiObsStream.Cli.Tests.Hosting;

/// <summary>The JIT settings the CLI ships in aiobs.runtimeconfig.json (README "Performance figures", #12).</summary>
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
}
