using AiObsStream.Cli.Configuration;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Tests.Configuration;

/// <summary>A Native AOT build cannot bind a configuration file (#12): it must say so at start, not run on other settings.</summary>
public sealed class ConfigDocumentNativeTests
{
    [Fact]
    public void ThrowIfBindingUnavailable_NoDynamicCode_NamesTheFlagAndTheDefaultBuild()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigDocument.ThrowIfBindingUnavailable(dynamicCodeSupported: false));

        Assert.StartsWith("--config: this native (AOT) build", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet publish src/AiObsStream.Cli -c Release", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfBindingUnavailable_JitBuild_Accepts() => ConfigDocument.ThrowIfBindingUnavailable(dynamicCodeSupported: true);

    [Fact]
    public void CheckMembers_EmptyShape_ReportsNothing()
    {
        var problems = new List<string>();

        SettingsSchema.CheckMembers(ConfigShape.EmptyObject, typeof(AiObsStream.Cli.Configuration.Sections.EngineSettings), string.Empty, problems, reportUnknown: true);

        Assert.Empty(problems);
    }

    [Fact]
    public void Bind_EmptyShape_LeavesTheDefaults()
    {
        var settings = new AiObsStream.Cli.Configuration.Sections.EventTimeSettings();

        ShapedBinding.Bind(ConfigDocument.Empty.Configuration, ConfigShape.EmptyObject, settings, atRoot: true);

        Assert.Equivalent(new AiObsStream.Cli.Configuration.Sections.EventTimeSettings(), settings);
    }
}
