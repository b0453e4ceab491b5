using AiObsStream.Cli.Configuration;

namespace AiObsStream.Cli.Tests.Configuration;

/// <summary>A run without a configuration file binds nothing: every setting keeps its default.</summary>
public sealed class ConfigDocumentNativeTests
{
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
