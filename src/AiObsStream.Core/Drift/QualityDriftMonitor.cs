using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Operators;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Drift;

/// <summary>
/// Streaming quality-drift detection: per deployment, signal and model version, compares the distribution of the last
/// windows with a reference (the previous version of the deployment, frozen when the new version appears, else a
/// trailing baseline of the same version that skips windows where the deployment had a firing alert or drift was
/// flagged) and raises <c>quality-drift</c> alerts when the change is both significant and large.
/// </summary>
/// <remarks>
/// <para>
/// Signals: every evaluation metric (evaluator scores and user feedback, whatever their names), the request metrics of
/// <see cref="QualityDriftOptions.RequestMetrics"/> (output length: tokens_completion) from the window sketches that
/// <see cref="WindowedAggregator.AttachSketches"/> puts on rows (see <see cref="DriftSketchSet"/>), and the error
/// share (errors / requests) compared with a two-proportion test. The Azure OpenAI diagnostic logs carry no
/// content-filter or refusal field (formats.md 1.2), so there is no such share; an evaluator that scores refusals
/// arrives as an evaluation metric and is compared like any other.
/// </para>
/// <para>
/// Gate, per window: at least <see cref="QualityDriftOptions.MinReferenceCount"/> and
/// <see cref="QualityDriftOptions.MinCurrentCount"/> values, p-value (KS, or two-proportion z) at most Alpha / m where
/// m is the number of comparisons made in the window (Bonferroni), and effect size PSI or normalized Wasserstein (or
/// Cohen's h for shares) at least its minimum. Fires after SustainWindows flagged windows, resolves after ClearWindows
/// clear ones. Deterministic: inputs are processed in row order and no clock is read.
/// </para>
/// <para>Single owner (the output stage); not thread-safe.</para>
/// </remarks>
public sealed partial class QualityDriftMonitor
{
    private readonly QualityDriftOptions _options;
    // Per stream, its versions (one or two, at most MaxVersions) in ordinal order: a small sorted array, not a hash map
    // (~200 B more per stream: #12, memory per request series). Nothing depends on their order but the checkpoint's.
    private readonly Dictionary<(TelemetrySource Source, string Deployment, string Signal), SmallOrdinalMap<VersionDriftState>> _streams = [];
    private readonly Dictionary<string, HashSet<string>> _firingByDeployment = new(StringComparer.Ordinal);

    /// <summary>The on-time rows of one window in <see cref="ObserveRows"/> (reused: a close can hold tens of thousands).</summary>
    private readonly List<MetricRow> _window = [];

    /// <summary>Creates a monitor.</summary>
    /// <param name="options">The settings (validated here).</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public QualityDriftMonitor(QualityDriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Number of (deployment, signal, version) states held.</summary>
    public int TrackedVersions
    {
        get
        {
            var n = 0;
            foreach (var versions in _streams.Values)
            {
                n += versions.Count;
            }

            return n;
        }
    }

    /// <summary>
    /// Observes rows sorted by window (any kinds): every group of on-time rows of one window goes to
    /// <see cref="ObserveWindow"/>.
    /// </summary>
    /// <param name="rows">Rows ordered by window start.</param>
    /// <param name="alerts">Alerts of this batch so far (read for firing deployments) and receiver of drift alerts.</param>
    public void ObserveRows(IReadOnlyList<MetricRow> rows, List<AlertEvent> alerts)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var window = _window;
        window.Clear();
        foreach (var row in rows)
        {
            if (!row.IsOnTime)
            {
                continue;
            }

            if (window.Count > 0 && window[0].WindowStartMs != row.WindowStartMs)
            {
                ObserveWindow(window, alerts);
                window.Clear();
            }

            window.Add(row);
        }

        if (window.Count > 0)
        {
            ObserveWindow(window, alerts);
        }

        window.Clear();
    }

    /// <summary>Observes the on-time rows of one window and appends quality-drift alert changes.</summary>
    /// <param name="onTimeRows">The rows of one window (other kinds and windows are ignored after the first row's window).</param>
    /// <param name="alerts">Alerts of this batch so far (read for firing deployments) and receiver of drift alerts.</param>
    public void ObserveWindow(IReadOnlyList<MetricRow> onTimeRows, List<AlertEvent> alerts)
    {
        ArgumentNullException.ThrowIfNull(onTimeRows);
        ArgumentNullException.ThrowIfNull(alerts);
        TrackFiring(alerts);
        if (!_options.Enabled || onTimeRows.Count == 0)
        {
            return;
        }

        var start = onTimeRows[0].WindowStartMs;
        var end = onTimeRows[0].WindowEndMs;
        var inputs = CollectInputs(onTimeRows, start);
        var candidates = new List<(VersionDriftState State, string Signal, bool Share, DriftMeasures Measures)>();
        foreach (var input in inputs)
        {
            var state = StateFor(input.Key, input.Version, start);
            if (start <= state.LastWindowStart && state.Recent.Count > 0)
            {
                continue; // already observed (a replayed window)
            }

            state.Dims = input.Dims;
            var excluded = state.Firing || state.FlagRun > 0 || DeploymentFiring(input.Key.Deployment);
            state.AddWindow(start, input.Sketch, excluded, _options);
            // Counted before merging: most windows of most streams are short of data, and the two merged sketches
            // were made for every stream and window (#12: ~1 KB per deployment at a 5,000-deployment window close).
            if ((state.Reference?.Count ?? state.BaselineCount()) < _options.MinReferenceCount || state.CurrentCount() < _options.MinCurrentCount)
            {
                continue;
            }

            var reference = state.Reference ?? state.Baseline();
            var current = state.Current();

            var share = input.Key.Signal == QualityDriftOptions.ErrorShareSignal;
            candidates.Add((state, input.Key.Signal, share, share ? CompareShares(reference, current)
                : DriftStatistics.Compare(reference, current, _options.PsiBuckets)));
        }

        var level = _options.Alpha / Math.Max(1, candidates.Count);
        foreach (var (state, signal, share, m) in candidates)
        {
            var large = share ? m.Effect >= _options.MinCohensH
                : m.Psi >= _options.MinPsi || m.NormalizedWasserstein >= _options.MinNormalizedWasserstein;
            Advance(state, signal, m, m.PValue <= level && large, start, end, alerts);
        }
    }

    private static DriftMeasures CompareShares(DDSketch reference, DDSketch current)
    {
        // Share sketches hold 1 per error and 0 per other request: Sum counts the errors.
        long x1 = (long)Math.Round(reference.Sum), x2 = (long)Math.Round(current.Sum);
        var (p, h) = DriftStatistics.TwoProportions(x1, reference.Count, x2, current.Count);
        double s1 = (double)x1 / reference.Count, s2 = (double)x2 / current.Count;
        return new(reference.Count, current.Count, s1, s2, double.NaN, double.NaN, Math.Abs(s2 - s1), double.NaN,
            Math.Abs(s2 - s1), p, h);
    }

    private VersionDriftState StateFor((TelemetrySource, string Deployment, string) key, string version, long start)
    {
        if (!_streams.TryGetValue(key, out var versions))
        {
            _streams[key] = versions = new SmallOrdinalMap<VersionDriftState>();
        }

        if (versions.TryGetValue(version, out var state))
        {
            return state;
        }

        // A new version: its reference is the most recently seen other version, frozen now.
        VersionDriftState? previous = null;
        foreach (var (_, v) in versions)
        {
            if (previous is null || v.LastWindowStart > previous.LastWindowStart
                || (v.LastWindowStart == previous.LastWindowStart && string.CompareOrdinal(v.Version, previous.Version) < 0))
            {
                previous = v;
            }
        }

        state = new VersionDriftState(version, start);
        if (previous is not null)
        {
            state.Reference = previous.Everything();
            state.ReferenceVersion = previous.Version;
        }

        if (versions.Count >= _options.MaxVersions)
        {
            Evict(versions);
        }

        versions[version] = state;
        return state;
    }

    private static void Evict(SmallOrdinalMap<VersionDriftState> versions)
    {
        VersionDriftState? oldest = null;
        foreach (var (_, v) in versions)
        {
            if (oldest is null || v.LastWindowStart < oldest.LastWindowStart
                || (v.LastWindowStart == oldest.LastWindowStart && string.CompareOrdinal(v.Version, oldest.Version) < 0))
            {
                oldest = v;
            }
        }

        versions.Remove(oldest!.Version);
    }

    private void TrackFiring(List<AlertEvent> alerts)
    {
        foreach (var a in alerts)
        {
            if (a.Rule == QualityDriftOptions.RuleName || a.Deployment.Length == 0)
            {
                continue;
            }

            if (!_firingByDeployment.TryGetValue(a.Deployment, out var ids))
            {
                _firingByDeployment[a.Deployment] = ids = new HashSet<string>(StringComparer.Ordinal);
            }

            if (a.Status == AlertStatus.Firing)
            {
                ids.Add(a.AlertId);
            }
            else
            {
                ids.Remove(a.AlertId);
            }
        }
    }

    private bool DeploymentFiring(string deployment) =>
        _firingByDeployment.TryGetValue(deployment, out var ids) && ids.Count > 0;
}
