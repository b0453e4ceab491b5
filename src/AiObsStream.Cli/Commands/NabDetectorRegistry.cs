using AiObsStream.Core.Detectors.Scoring;
using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Core.Evaluation.Nab;

namespace AiObsStream.Cli.Commands;

/// <summary>The detectors <c>aiobs eval nab --detector NAME</c> can run, keyed by name (ordinal, case-insensitive).</summary>
/// <remarks>
/// <para>Anomaly detectors: <c>sr</c> (streaming spectral residual, raw score, window from <c>--window</c>, default
/// 64); <c>sr-likelihood</c> (SR raw score through <see cref="ScorePostProcessor"/>: Numenta's anomaly likelihood plus
/// NAB's value-range rule; SR window default 256); <c>sr-likelihood-only</c> (the same without the value-range rule).
/// SR-CNN registers the same way.</para>
/// <para>Ablation baseline: <c>value-range</c> (the value-range rule alone on a constant raw score; it shows what
/// that rule is worth without any detector).</para>
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
        registry.Register("sr-likelihood", s => SrPostProcessed("sr-likelihood", s.WindowSize ?? SrLikelihoodWindow,
            new ScorePostProcessorOptions()));
        registry.Register("sr-likelihood-only", s => SrPostProcessed("sr-likelihood-only", s.WindowSize ?? SrLikelihoodWindow,
            new ScorePostProcessorOptions { ValueRange = ValueRangePolicy.Off }));
        registry.Register("value-range", _ => ValueRangeOnly());
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

    /// <summary>SR window of the post-processed SR detectors (chosen on NAB: see src/AiObsStream.Core/Detectors/Scoring/README.md).</summary>
    private const int SrLikelihoodWindow = 256;

    /// <summary>Streaming SR whose raw score goes through a <see cref="ScorePostProcessor"/> (one state per series).</summary>
    private static NabStreamingDetector SrPostProcessed(string name, int window, ScorePostProcessorOptions options)
    {
        var engine = new SrStreamingDetector(new SrStreamingOptions { WindowSize = window });
        var post = new ScorePostProcessor(options);
        return new NabStreamingDetector(name, _ =>
        {
            var state = engine.CreateState();
            var postState = post.CreateState();
            return value => post.Update(postState, value, engine.Update(state, (float)value).RawScore);
        });
    }

    /// <summary>The value-range rule alone: the likelihood of a constant raw score is never unusual.</summary>
    private static NabStreamingDetector ValueRangeOnly()
    {
        var post = new ScorePostProcessor();
        return new NabStreamingDetector("value-range", _ =>
        {
            var state = post.CreateState();
            return value => post.Update(state, value, 0.0);
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
