using AiObsStream.Core.Detectors.Scoring;
using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Core.Detectors.SrCnn;
using AiObsStream.Core.Evaluation.Nab;

namespace AiObsStream.Cli.Commands;

/// <summary>The detectors <c>aiobs eval nab --detector NAME</c> can run, keyed by name (ordinal, case-insensitive).</summary>
/// <remarks>
/// <para>Anomaly detectors: <c>sr</c> (streaming spectral residual, raw score, window from <c>--window</c>, default
/// 64); <c>sr-likelihood</c> (SR raw score through <see cref="ScorePostProcessor"/>: Numenta's anomaly likelihood plus
/// NAB's value-range rule; SR window default 256); <c>sr-likelihood-only</c> (the same without the value-range rule).
/// <c>srcnn</c>, <c>srcnn-likelihood</c>, <c>srcnn-likelihood-only</c>: the same with the trained SR-CNN (bundled
/// w=64 model, or <c>--model</c>).</para>
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
        registry.Register("sr", s => Raw("sr", SrScorer(s.WindowSize ?? 64)));
        registry.Register("srcnn", s => Raw("srcnn", SrCnnScorer(s)));
        registry.Register("sr-likelihood", s => PostProcessed("sr-likelihood", SrScorer(s.WindowSize ?? SrLikelihoodWindow),
            new ScorePostProcessorOptions()));
        registry.Register("sr-likelihood-only", s => PostProcessed("sr-likelihood-only", SrScorer(s.WindowSize ?? SrLikelihoodWindow),
            new ScorePostProcessorOptions { ValueRange = ValueRangePolicy.Off }));
        registry.Register("srcnn-likelihood", s => PostProcessed("srcnn-likelihood", SrCnnScorer(s), new ScorePostProcessorOptions()));
        registry.Register("srcnn-likelihood-only", s => PostProcessed("srcnn-likelihood-only", SrCnnScorer(s),
            new ScorePostProcessorOptions { ValueRange = ValueRangePolicy.Off }));
        registry.Register("value-range", _ => PostProcessed("value-range", () => _ => 0.0, new ScorePostProcessorOptions()));
        return registry;
    }

    /// <summary>SR window of the post-processed SR detectors (chosen on NAB: see src/AiObsStream.Core/Detectors/Scoring/README.md).</summary>
    private const int SrLikelihoodWindow = 256;

    /// <summary>Per-series raw scorers of streaming SR (ML.NET semantics): the raw SR score of each point.</summary>
    private static Func<Func<double, double>> SrScorer(int window)
    {
        var engine = new SrStreamingDetector(new SrStreamingOptions { WindowSize = window });
        return () =>
        {
            var state = engine.CreateState();
            return value => engine.Update(state, (float)value).RawScore;
        };
    }

    /// <summary>Per-series raw scorers of SR-CNN: the network's probability (its own threshold is not used; NAB sweeps one).</summary>
    private static Func<Func<double, double>> SrCnnScorer(NabDetectorSettings settings)
    {
        var engine = new SrCnnStreamingDetector(settings.ModelPath is null ? BundledModels.SrCnn() : SrCnnModel.Load(settings.ModelPath));
        return () =>
        {
            var state = engine.CreateState();
            return value => engine.Update(state, (float)value).RawScore;
        };
    }

    /// <summary>The raw score, clipped to [0, 1] by the runner.</summary>
    private static NabStreamingDetector Raw(string name, Func<Func<double, double>> scorer) => new(name, _ => scorer());

    /// <summary>A raw scorer whose output goes through a <see cref="ScorePostProcessor"/> (one state per series).</summary>
    private static NabStreamingDetector PostProcessed(string name, Func<Func<double, double>> scorer, ScorePostProcessorOptions options)
    {
        var post = new ScorePostProcessor(options);
        return new NabStreamingDetector(name, _ =>
        {
            var raw = scorer();
            var state = post.CreateState();
            return value => post.Update(state, value, raw(value));
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
