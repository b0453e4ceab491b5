using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Core.Detectors.SrCnn;
using AiObsStream.Core.Evaluation.Nab;

namespace AiObsStream.Cli.Commands;

/// <summary>The detectors <c>aiobs eval nab --detector NAME</c> can run, keyed by name (ordinal, case-insensitive).</summary>
/// <remarks>
/// <para>Anomaly detectors: <c>sr</c> (streaming spectral residual, window from <c>--window</c>); SR-CNN registers
/// the same way.</para>
/// <para>Baselines: <c>null</c> (constant; normalizes to 0), <c>perfect</c> (oracle on the labels; normalizes to
/// 100) and <c>random</c> (NAB's seeded uniform scores).</para>
/// </remarks>
internal sealed class NabDetectorRegistry
{
    private readonly Dictionary<string, Func<NabDetectorSettings, INabDetector>> _factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names of the registered detectors, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The registry with every detector this build provides.</summary>
    public static NabDetectorRegistry CreateDefault()
    {
        var registry = new NabDetectorRegistry();
        registry.Register("null", _ => new NabNullDetector());
        registry.Register("perfect", _ => new NabPerfectDetector());
        registry.Register("random", s => new NabRandomDetector(s.Seed));
        registry.Register("sr", s => Sr(s.WindowSize ?? 64));
        registry.Register("srcnn", s => SrCnn(s.ModelPath is null ? BundledModels.SrCnn() : SrCnnModel.Load(s.ModelPath)));
        return registry;
    }

    /// <summary>Streaming SR (ML.NET semantics): the anomaly score of each point is its raw SR score, clipped to [0, 1].</summary>
    private static NabStreamingDetector Sr(int window)
    {
        var engine = new SrStreamingDetector(new SrStreamingOptions { WindowSize = window });
        return new NabStreamingDetector("sr", _ =>
        {
            var state = engine.CreateState();
            return value => engine.Update(state, (float)value).RawScore;
        });
    }

    /// <summary>SR-CNN: the network's probability for each point (its own threshold is not used; NAB sweeps one).</summary>
    private static NabStreamingDetector SrCnn(SrCnnModel model)
    {
        var engine = new SrCnnStreamingDetector(model);
        return new NabStreamingDetector("srcnn", _ =>
        {
            var state = engine.CreateState();
            return value => engine.Update(state, (float)value).RawScore;
        });
    }

    /// <summary>Adds or replaces a detector.</summary>
    /// <param name="name">The name used on the command line.</param>
    /// <param name="factory">Creates the detector from the command-line settings.</param>
    public void Register(string name, Func<NabDetectorSettings, INabDetector> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        _factories[name] = factory;
    }

    /// <summary>Creates the detector named <paramref name="name"/>, if it is registered.</summary>
    /// <param name="name">The name.</param>
    /// <param name="settings">The command-line settings.</param>
    /// <param name="detector">The detector, when the result is true.</param>
    /// <returns>False when no detector has that name.</returns>
    public bool TryCreate(string name, NabDetectorSettings settings, out INabDetector? detector)
    {
        detector = _factories.TryGetValue(name, out var factory) ? factory(settings) : null;
        return detector is not null;
    }
}
