using AiObsStream.Cli.Commands;
using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Kafka;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Sinks.Webhooks;

namespace AiObsStream.Cli.Tests.Commands;

public sealed class ScaleOutConfigTests
{
    private static readonly KafkaRunSettings ScaleOut = new()
    {
        Settings = new KafkaSettings { BootstrapServers = "127.0.0.1:9092", Topics = ["t"] },
        StateDirectory = "s",
        ScaleOut = true,
    };

    [Fact]
    public void ThrowIfUnwired_ActionsWithScaleOut_RefusedNamingThem()
    {
        var actions = new ActionsSettings { Actions = [new ActionSettings { Name = "page" }] };
        var ex = Assert.Throws<ConfigException>(() => ScaleOutRun.ThrowIfUnwired(ScaleOut, null, null, actions));
        Assert.StartsWith("--scale-out: actions (config) not supported in scale-out mode", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--alerts-topic", ex.Message, StringComparison.Ordinal);
        Assert.Contains("aiobs relay", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfUnwired_EveryUnwiredSink_NamedTogether()
    {
        var webhooks = new WebhookOptions { Urls = [new Uri("http://127.0.0.1:9/hook")], DeadLetterPath = "dead.jsonl" };
        var logAnalytics = new LogAnalytics.LogAnalyticsOptions();
        var actions = new ActionsSettings { Actions = [new ActionSettings { Name = "page" }] };
        var ex = Assert.Throws<ConfigException>(() => ScaleOutRun.ThrowIfUnwired(ScaleOut, webhooks, logAnalytics, actions));
        Assert.StartsWith("--scale-out: --webhook, --log-analytics, actions (config) not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfUnwired_WithoutScaleOut_OrWithNothingUnwired_Accepted()
    {
        var webhooks = new WebhookOptions { Urls = [new Uri("http://127.0.0.1:9/hook")], DeadLetterPath = "dead.jsonl" };
        ScaleOutRun.ThrowIfUnwired(ScaleOut with { ScaleOut = false }, webhooks, new LogAnalytics.LogAnalyticsOptions(), null);
        ScaleOutRun.ThrowIfUnwired(null, webhooks, null, null);
        ScaleOutRun.ThrowIfUnwired(ScaleOut, null, null, new ActionsSettings { Actions = [] });
    }
}
