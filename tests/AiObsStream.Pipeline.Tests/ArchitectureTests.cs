using System.Reflection;
using AiObsStream.Core.Events;
using AiObsStream.Formats;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Pipeline.Tests;

/// <summary>Dependencies point inward: the core has no I/O packages, formats only the core, the pipeline no hosting or client SDKs.</summary>
public class ArchitectureTests
{
    private static string[] References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n != "netstandard" && n != "mscorlib").Order().ToArray();

    [Fact]
    public void Core_ReferencesOnlyMathLibraries() =>
        Assert.All(References(typeof(TelemetryEvent).Assembly), n => Assert.Contains(n, new[] { "MathNet.Numerics" }));

    [Fact]
    public void Formats_ReferencesOnlyCore() =>
        Assert.Equal(["AiObsStream.Core"], References(typeof(IUnitParser).Assembly));

    [Fact]
    public void Pipeline_ReferencesNoHostingOrClientSdk() =>
        Assert.All(References(typeof(StreamEngine).Assembly), n => Assert.Contains(n, new[] { "AiObsStream.Core", "AiObsStream.Formats" }));
}
