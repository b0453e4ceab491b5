using System.Net;
using AiObsStream.Kafka.Relay;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Diagnostics;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Cli.Hosting;

/// <summary>
/// What a run (or a relay) exposes while it runs: registers its engine (or relay) and every sink that reports health
/// with the AiObsStream meter, and serves the listener when one is configured. Disposing unregisters and closes the listener.
/// </summary>
internal sealed class ServiceRuntime : IAsyncDisposable
{
    private readonly List<IDisposable> _registrations;
    private readonly ServiceEndpoint? _endpoint;

    private ServiceRuntime(List<IDisposable> registrations, ServiceEndpoint? endpoint)
    {
        _registrations = registrations;
        _endpoint = endpoint;
    }

    /// <summary>The listener's base address, or null when there is none.</summary>
    public Uri? Address => _endpoint?.Address;

    /// <summary>Registers <paramref name="engine"/> and the health-reporting sinks inside <paramref name="sink"/>, and starts the listener.</summary>
    /// <exception cref="ConfigException">An explicitly configured address cannot be bound (the message names the setting).</exception>
    public static ServiceRuntime Start(ServiceOptions options, StreamEngine engine, IOutputSink sink, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var sinks = HealthSinks(sink).ToList();
        var registrations = new List<IDisposable> { AiObsMetrics.Observe(engine) };
        registrations.AddRange(sinks.Select(AiObsMetrics.Observe));
        var health = new ServiceHealth(options.ReadyMaxLag, () => engine.Live is { } run ? [run] : [], () => sinks, null);
        return Serve(options, health, registrations, log);
    }

    /// <summary>Registers <paramref name="relay"/> and the health-reporting sinks inside <paramref name="sink"/>, and starts the listener.</summary>
    /// <exception cref="ConfigException">An explicitly configured address cannot be bound (the message names the setting).</exception>
    public static ServiceRuntime Start(ServiceOptions options, AlertTopicRelay relay, IOutputSink sink, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(log);
        var sinks = HealthSinks(sink).ToList();
        var registrations = new List<IDisposable> { RelayMetrics.Observe(relay.Progress) };
        registrations.AddRange(sinks.Select(AiObsMetrics.Observe));
        return Serve(options, new RelayHealth(relay.Progress, options.ReadyMaxLag, () => sinks), registrations, log);
    }

    private static ServiceRuntime Serve(ServiceOptions options, IServiceHealth health, List<IDisposable> registrations, TextWriter log)
    {
        ServiceEndpoint? endpoint = null;
        if (options.Listen is { } listen)
        {
            try
            {
                endpoint = ServiceEndpoint.Start(listen, health);
                log.WriteLine($"serving /metrics, /healthz and /readyz on {endpoint.Address}");
            }
            catch (HttpListenerException ex) when (!options.Explicit)
            {
                // The default address: another instance on this machine may hold it; the run goes on without a listener.
                log.WriteLine($"warning: no metrics/health listener: cannot listen on {listen.Host}:{listen.Port} ({ex.Message}); set --listen or service.listen");
            }
            catch (HttpListenerException ex)
            {
                registrations.ForEach(r => r.Dispose());
                throw new ConfigException($"--listen / service.listen {listen.Host}:{listen.Port}: cannot listen ({ex.Message})", ex);
            }
        }

        return new ServiceRuntime(registrations, endpoint);
    }

    /// <summary>The sinks of <paramref name="sink"/> (walking composites) that report health.</summary>
    public static IEnumerable<ISinkHealth> HealthSinks(IOutputSink sink) => sink switch
    {
        CompositeOutputSink composite => composite.Sinks.SelectMany(HealthSinks),
        ISinkHealth health => [health],
        _ => [],
    };

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync().ConfigureAwait(false);
        }

        _registrations.ForEach(r => r.Dispose());
    }
}
