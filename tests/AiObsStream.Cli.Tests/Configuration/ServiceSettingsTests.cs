using System.CommandLine;
using AiObsStream.Cli.Commands;
using AiObsStream.Cli.Configuration;
using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Cli.Hosting;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Tests.Configuration;

/// <summary>The <c>service</c> section and <c>--listen</c>: validated at start naming the setting; loopback by default for live runs.</summary>
public class ServiceSettingsTests
{
    [Theory]
    [InlineData("""{ "service": { "listen": "9464" } }""", "service.listen: expected HOST:PORT")]
    [InlineData("""{ "service": { "listen": "example.com:9464" } }""", "service.listen: 'example.com' is not an IP address")]
    [InlineData("""{ "service": { "listen": 9464 } }""", "service.listen: expected a string")]
    [InlineData("""{ "service": { "readyMaxLag": -1 } }""", "service.readyMaxLag: expected a whole number from 0 to 2147483647")]
    [InlineData("""{ "service": { "port": 1 } }""", "service.port: unknown setting (known: listen, readyMaxLag)")]
    public void Parse_BadValue_FailsNamingTheSetting(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValidSection_Accepted() =>
        EngineConfiguration.Parse("""{ "service": { "listen": "0.0.0.0:9464", "readyMaxLag": 500 } }""");

    [Theory]
    [InlineData(new[] { "--scrape", "http://127.0.0.1:1/metrics" }, "127.0.0.1:9464", false)]
    [InlineData(new[] { "--input", "x.jsonl" }, null, false)]
    [InlineData(new[] { "--input", "x.jsonl", "--listen", "127.0.0.1:9500" }, "127.0.0.1:9500", true)]
    [InlineData(new[] { "--scrape", "http://127.0.0.1:1/metrics", "--listen", "none" }, null, true)]
    public void Listen_DefaultsToLoopbackForLiveRuns_FlagWins(string[] args, string? expected, bool isExplicit)
    {
        var parse = new RootCommand { RunCommand.Create() }.Parse(["run", .. args]);
        var live = args.Contains("--scrape");
        var service = ServiceCli.Parse(parse, null, live);
        Assert.Equal(expected, service.Listen is { } l ? $"{l.Host}:{l.Port}" : null);
        Assert.Equal(isExplicit, service.Explicit);
        Assert.Equal(ServiceOptions.DefaultReadyMaxLag, service.ReadyMaxLag);
    }

    [Fact]
    public void Listen_FlagWinsOverTheSection_BadFlagNamesIt()
    {
        var settings = new ServiceSettings { Listen = "127.0.0.1:9000", ReadyMaxLag = 7 };
        var fromSection = ServiceCli.Parse(new RootCommand { RunCommand.Create() }.Parse(["run"]), settings, live: false);
        Assert.Equal((9000, true, 7L), (fromSection.Listen!.Port, fromSection.Explicit, fromSection.ReadyMaxLag));

        var bad = new RootCommand { RunCommand.Create() }.Parse(["run", "--listen", "nowhere"]);
        var ex = Assert.Throws<ConfigException>(() => ServiceCli.Parse(bad, settings, live: true));
        Assert.StartsWith("--listen: expected HOST:PORT", ex.Message, StringComparison.Ordinal);
    }
}
