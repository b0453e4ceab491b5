using System.CommandLine;
using AiObsStream.Cli.Commands;
using AiObsStream.Cli.Configuration;
using AiObsStream.Cli.Configuration.Sections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Tests.Commands;

/// <summary>Kafka run settings come from the one bound configuration (no second read of the file) and the flags, which win.</summary>
public class KafkaCliTests
{
    private const string Config = """
        { "kafka": { "bootstrap": "broker:9092", "topics": ["diag", "dcgm"], "group": "g1", "alertsTopic": "alerts",
                     "publishRawAlerts": true, "state": "/var/lib/aiobs", "stopWhenIdle": "30s", "checkpointInterval": "5s" } }
        """;

    private static KafkaRunSettings? Parse(string json, params string[] args)
    {
        var command = new Command("run");
        KafkaCli.AddTo(command);
        var parse = new RootCommand { command }.Parse(["run", .. args]);
        using var services = new ServiceCollection().AddEngineConfiguration(ConfigDocument.Parse(json)).BuildServiceProvider();
        EngineConfiguration.ValidateOnStart(services);
        return KafkaCli.Parse(parse, services.GetRequiredService<IOptions<KafkaFileSettings>>().Value);
    }

    [Fact]
    public void Parse_ConfigSectionOnly_EverySettingFromTheBoundSection()
    {
        var run = Parse(Config)!;

        Assert.Equal("broker:9092", run.Settings.BootstrapServers);
        Assert.Equal(["diag", "dcgm"], run.Settings.Topics);
        Assert.Equal(("g1", "alerts", true), (run.Settings.GroupId, run.Settings.AlertsTopic, run.Settings.PublishRawAlerts));
        Assert.Equal("/var/lib/aiobs", run.StateDirectory);
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)), (run.StopWhenIdle, run.CheckpointInterval));
    }

    [Fact]
    public void Parse_FlagsAndSection_FlagsWin()
    {
        var run = Parse(Config, "--group", "g2", "--topic", "other", "--checkpoint-interval", "1m")!;

        Assert.Equal(("g2", "broker:9092"), (run.Settings.GroupId, run.Settings.BootstrapServers));
        Assert.Equal(["other"], run.Settings.Topics);
        Assert.Equal(TimeSpan.FromMinutes(1), run.CheckpointInterval);
    }

    [Fact]
    public void Parse_NoKafkaAnywhere_Null() => Assert.Null(Parse("{}"));
}
