using System.Collections;
using AiObsStream.Core.Aggregation;

namespace AiObsStream.Core.Drift;

/// <summary>
/// The metrics whose rows must carry their window sketch for the drift monitor (for
/// <see cref="WindowedAggregator.AttachSketches"/>): the configured request metrics plus, when evaluations are
/// compared, every metric that is not one of the engine's fixed metrics (evaluation names are not known in advance).
/// </summary>
/// <remarks>
/// Dynamic platform metric points (AllMetrics) never have a sketch, so matching every non-fixed name attaches sketches
/// only to evaluation rows. Enumeration lists the explicit request metrics only.
/// </remarks>
public sealed class DriftSketchSet : IReadOnlySet<string>
{
    private static readonly HashSet<string> Fixed = new(FixedMetrics.Names, StringComparer.Ordinal);
    private readonly HashSet<string> _explicit;
    private readonly bool _evaluations;

    /// <summary>Creates the selection for <paramref name="options"/>.</summary>
    /// <param name="options">The drift options.</param>
    public DriftSketchSet(QualityDriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _explicit = new HashSet<string>(options.RequestMetrics, StringComparer.Ordinal);
        _evaluations = options.Evaluations;
    }

    /// <summary>The number of explicit metrics, plus one standing for "every evaluation" when evaluations are on.</summary>
    public int Count => _explicit.Count + (_evaluations ? 1 : 0);

    /// <summary>True when rows of <paramref name="item"/> must carry a sketch.</summary>
    /// <param name="item">A metric name.</param>
    /// <returns>Whether the metric is selected.</returns>
    public bool Contains(string item) => _explicit.Contains(item) || (_evaluations && !Fixed.Contains(item));

    /// <summary>True for a metric the aggregator derives itself (requests, latency, GPU...), false for evaluation names.</summary>
    internal static bool IsFixed(string metric) => Fixed.Contains(metric) || Network.NetworkMetricNames.IsNetwork(metric);

    /// <inheritdoc/>
    public IEnumerator<string> GetEnumerator() => _explicit.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool IsProperSubsetOf(IEnumerable<string> other) => throw new NotSupportedException();

    /// <inheritdoc/>
    public bool IsProperSupersetOf(IEnumerable<string> other) => throw new NotSupportedException();

    /// <inheritdoc/>
    public bool IsSubsetOf(IEnumerable<string> other) => throw new NotSupportedException();

    /// <inheritdoc/>
    public bool IsSupersetOf(IEnumerable<string> other) => throw new NotSupportedException();

    /// <inheritdoc/>
    public bool Overlaps(IEnumerable<string> other) => throw new NotSupportedException();

    /// <inheritdoc/>
    public bool SetEquals(IEnumerable<string> other) => throw new NotSupportedException();
}
