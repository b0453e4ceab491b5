using System.CommandLine;
using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Cli.Hosting;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Commands;

/// <summary><c>aiobs run --listen</c>: the metrics and health listener (kept apart so RunCommand changes stay small).</summary>
internal static class ServiceCli
{
    internal static readonly Option<string?> Listen = new("--listen")
    {
        Description = "HOST:PORT serving /metrics (Prometheus), /healthz and /readyz, or 'none'. Default 127.0.0.1:9464 for --scrape and Kafka runs, none for files (config service.listen).",
    };

    internal static readonly Option<string?> RelayListen = new("--listen")
    {
        Description = "HOST:PORT serving /metrics (Prometheus), /healthz and /readyz, or 'none'. Default 127.0.0.1:9465 (beside an engine's 9464). Not read from the config's service.listen, which belongs to the engine.",
    };

    public static void AddTo(Command command) => command.Options.Add(Listen);

    /// <summary>
    /// The listener of <c>aiobs relay</c>: its flag, else <see cref="ListenAddress.RelayDefault"/> (only warns when taken);
    /// <c>service.readyMaxLag</c> from the config. The config's <c>service.listen</c> is the engine's: a config file shared
    /// by both would otherwise put them on one port.
    /// </summary>
    /// <exception cref="ConfigException">The flag is invalid (the message names it).</exception>
    public static ServiceOptions ParseRelay(ParseResult parse, ServiceSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var maxLag = (long?)settings?.ReadyMaxLag ?? ServiceOptions.DefaultReadyMaxLag;
        return parse.GetValue(RelayListen) switch
        {
            null => new ServiceOptions(ListenAddress.RelayDefault, Explicit: false, maxLag),
            var text when ServiceOptions.IsOff(text) => new ServiceOptions(null, Explicit: true, maxLag),
            var text => ListenAddress.TryParse(text, "--listen", out var address, out var error)
                ? new ServiceOptions(address, Explicit: true, maxLag)
                : throw new ConfigException(error!),
        };
    }

    /// <summary>The listener of this run (flag, then the <c>service</c> section, then the mode's default).</summary>
    /// <exception cref="ConfigException">The flag is invalid (the message names it).</exception>
    public static ServiceOptions Parse(ParseResult parse, ServiceSettings? settings, bool live)
    {
        var maxLag = (long?)settings?.ReadyMaxLag ?? ServiceOptions.DefaultReadyMaxLag;
        var (text, setting) = parse.GetValue(Listen) is { } flag ? (flag, "--listen") : (settings?.Listen, "service.listen");
        if (text is null)
        {
            return new ServiceOptions(live ? ListenAddress.Default : null, Explicit: false, maxLag);
        }

        if (ServiceOptions.IsOff(text))
        {
            return new ServiceOptions(null, Explicit: true, maxLag);
        }

        return ListenAddress.TryParse(text, setting, out var address, out var error)
            ? new ServiceOptions(address, Explicit: true, maxLag)
            : throw new ConfigException(error!);
    }
}
