using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Versions;

/// <summary>
/// Correlates metrics by model version: detects rollouts and rollbacks per deployment from the on-time rows, compares the
/// new version with the previous one on every configured signal (like with like: similar load, throttled windows left
/// out of per-request signals) and raises <c>model-version-regression</c> naming each regressed signal with its effect
/// size and confidence; the alert resolves on rollback, on a newer rollout, or after recovery.
/// </summary>
/// <remarks>Deterministic: deployments, versions and signals are visited in ordinal order; times are event time.</remarks>
public sealed partial class VersionRegressionEngine
{
    private const int RolloutLogSize = 1000;
    private readonly RegressionOptions _options;
    private readonly long _windowMs;
    private readonly RolloutDetector _detector;
    private readonly SortedDictionary<string, RegressionState> _states = new(StringComparer.Ordinal);
    private readonly List<RolloutEvent> _rollouts = [];
    private readonly List<RolloutEvent> _scratch = [];
    private readonly WindowSampleBuilder _samples;

    /// <summary>The on-time rows per window of a <see cref="Process"/> call (reused, as are their lists).</summary>
    private readonly SortedDictionary<long, List<MetricRow>> _byWindow = [];
    private readonly Stack<List<MetricRow>> _spareLists = new();

    /// <summary>Creates the engine.</summary>
    /// <param name="options">The settings (validated here).</param>
    /// <param name="windowSizeMs">Size of the windows whose rows are fed in, ms.</param>
    public VersionRegressionEngine(RegressionOptions options, long windowSizeMs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSizeMs, 1);
        options.Validate();
        _options = options;
        _windowMs = windowSizeMs;
        _detector = new RolloutDetector(options, windowSizeMs);
        _samples = new WindowSampleBuilder(options);
    }

    /// <summary>The most recent rollout events (rollouts, completions, rollbacks), oldest first; at most 1000.</summary>
    public IReadOnlyList<RolloutEvent> Rollouts => _rollouts;

    /// <summary>Rollout events logged by this instance since it was created (a later count minus an earlier one = the new ones at the end of <see cref="Rollouts"/>).</summary>
    public long RolloutsLogged { get; private set; }

    /// <summary>Number of deployments with a firing regression alert.</summary>
    public int FiringCount { get; private set; }

    /// <summary>
    /// Feeds rows (any kinds; only on-time rows are used) and appends alert state changes. Each window's on-time rows
    /// must arrive together, windows in event-time order (as the output stage delivers them per punctuation).
    /// </summary>
    /// <param name="rows">Rows, GPU rows already carrying their resolved model version.</param>
    /// <param name="alerts">Receives Firing / Resolved events.</param>
    public void Process(IReadOnlyList<MetricRow> rows, List<AlertEvent> alerts)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(alerts);
        if (!_options.Enabled)
        {
            return;
        }

        var byWindow = _byWindow;
        Recycle(byWindow);
        foreach (var row in rows)
        {
            if (row.IsOnTime)
            {
                if (!byWindow.TryGetValue(row.WindowStartMs, out var list))
                {
                    byWindow[row.WindowStartMs] = list = _spareLists.Count > 0 ? _spareLists.Pop() : [];
                }

                list.Add(row);
            }
        }

        foreach (var (start, list) in byWindow)
        {
            EvaluateWindow(start, list, alerts);
        }

        Recycle(byWindow);
    }

    /// <summary>Empties the per-window lists of the last call into the spares (the windows of a tick do not repeat).</summary>
    private void Recycle(SortedDictionary<long, List<MetricRow>> byWindow)
    {
        foreach (var list in byWindow.Values)
        {
            list.Clear();
            _spareLists.Push(list);
        }

        byWindow.Clear();
    }

    private void EvaluateWindow(long startMs, List<MetricRow> rows, List<AlertEvent> alerts)
    {
        var deployments = _samples.Build(startMs, _windowMs, rows);
        for (var d = 0; d < deployments; d++)
        {
            var window = _samples.Window(d, out var deployment);
            if (!_states.TryGetValue(deployment, out var state))
            {
                _states[deployment] = state = new RegressionState();
            }

            state.ModelName = window.ModelName.Length > 0 ? window.ModelName : state.ModelName;
            foreach (var (version, sample) in window.Samples)
            {
                state.Add(version, sample, _options.HistoryWindows);
            }

            _scratch.Clear();
            _detector.Observe(startMs, deployment, window.Mix, _scratch);
            foreach (var e in _scratch)
            {
                Log(e);
                if (state.Firing is { } f && e.Kind != RolloutKind.Completed)
                {
                    var why = e.Kind == RolloutKind.Rollback
                        ? $"rolled back from {e.Version} to {e.PreviousVersion}"
                        : $"superseded by the rollout of {e.Version}";
                    Resolve(deployment, state, f, startMs, why, alerts);
                    if (e.Kind == RolloutKind.Rollback)
                    {
                        _detector.Forget(deployment); // its verdict was given: no retrospective one
                    }
                }

                if (e.Kind != RolloutKind.Completed)
                {
                    state.LastResolvedMs = long.MinValue;
                    state.CleanEvaluations = 0;
                }
            }

            if (_detector.Active(deployment) is { } active)
            {
                Evaluate(deployment, state, active, startMs, alerts);
            }
            else if (state.Firing is { } retrospective)
            {
                Resolve(deployment, state, retrospective, startMs, "rolled back; the comparison with the later windows ended", alerts);
            }

            Prune(deployment, state, startMs);
        }
    }

    private void Log(RolloutEvent e)
    {
        RolloutsLogged++;
        _rollouts.Add(e);
        if (_rollouts.Count > RolloutLogSize)
        {
            _rollouts.RemoveRange(0, _rollouts.Count - RolloutLogSize);
        }
    }

    /// <summary>Forgets versions that are neither current nor under comparison and have not served for a history length.</summary>
    private void Prune(string deployment, RegressionState state, long startMs)
    {
        var active = _detector.Active(deployment);
        var dominant = _detector.Dominant(deployment);
        if (state.History.Count == 1 && dominant is not null && state.History.ContainsKey(dominant))
        {
            return; // the one version is the dominant one, never stale: no walk (a tree walk allocates its stack)
        }

        var horizon = startMs - (_options.HistoryWindows * _windowMs);
        List<string>? stale = null;
        foreach (var (version, list) in state.History)
        {
            if (version != dominant && version != active?.Candidate && version != active?.Baseline
                && (list.Count == 0 || list[^1].StartMs < horizon))
            {
                (stale ??= []).Add(version);
            }
        }

        if (stale is not null)
        {
            foreach (var version in stale)
            {
                state.History.Remove(version);
            }
        }
    }

    /// <summary>Compares the rollout's versions on every signal; null entries (not enough data) are left out.</summary>
    internal List<SignalResult> Compare(RegressionState state, ActiveRollout active, out int baselineWindows)
    {
        var results = new List<SignalResult>();
        baselineWindows = 0;
        if (!state.History.TryGetValue(active.Candidate, out var candAll) || !state.History.TryGetValue(active.Baseline, out var baseAll))
        {
            return results;
        }

        var cand = candAll.Where(s => s.StartMs >= active.StartMs && s.StartMs < active.EndMs).TakeLast(_options.CandidateWindows).ToList();
        if (cand.Count == 0)
        {
            return results;
        }

        // Like with like on both sides: the band is centred on the candidate's median load, and candidate windows outside
        // it (a burst right after the release) are left out too, so load is not blamed on the version.
        var loads = cand.Select(s => (double)s.Load).Order().ToList();
        var load = loads[loads.Count / 2];
        bool InBand(WindowSample s) => s.Load >= load / _options.LoadBand && s.Load <= load * _options.LoadBand;
        cand = cand.Where(InBand).ToList();
        // Calls count in the window where they end, so when a version leaves mid-stream its last window holds the calls in
        // flight at the change: the long ones (length-biased), and when it returns its first window holds short ones. A
        // baseline sample in a transition window (rollout, rollback) is therefore kept only while the baseline holds the
        // majority of that window, where the in-flight calls are a minority; otherwise it would hide a slowdown (rollout)
        // or invent one (rollback). The candidate's windows stop before the rollback window.
        bool Transition(WindowSample s) => (s.StartMs == active.StartMs || s.StartMs == active.EndMs) && 2 * s.Requests < s.Load;
        var baseline = baseAll.Where(s => InBand(s) && !Transition(s)).ToList();
        baselineWindows = baseline.Count;
        foreach (var signal in _options.Signals)
        {
            var r = signal.Kind switch
            {
                SignalKind.Distribution => CompareDistribution(signal, baseline, cand),
                SignalKind.Proportion => VersionComparator.Proportion(signal, Hits(baseline, signal.Metric), Hits(cand, signal.Metric),
                    Shares(baseline, signal.Metric), Shares(cand, signal.Metric), _options),
                _ => VersionComparator.WindowMean(signal, Values(baseline, signal.Metric), Values(cand, signal.Metric), _options),
            };
            if (r is { } result)
            {
                results.Add(result);
            }
        }

        return results;
    }

    private SignalResult? CompareDistribution(RegressionSignal signal, List<WindowSample> baseline, List<WindowSample> cand)
    {
        var old = Merge(baseline, signal.Metric);
        var @new = Merge(cand, signal.Metric);
        return old is null || @new is null ? null
            : VersionComparator.Distribution(signal, old, @new, Means(baseline, signal.Metric), Means(cand, signal.Metric), _options);
    }

    private static (long Hits, long Total) Hits(List<WindowSample> samples, string metric)
    {
        long hits = 0, total = 0;
        foreach (var s in samples)
        {
            hits += s.Counts.GetValueOrDefault(metric);
            total += s.Requests;
        }

        return (hits, total);
    }

    /// <summary>Batch shares of a proportion signal (see <see cref="VersionComparator.BatchMeans"/>).</summary>
    private List<double> Shares(List<WindowSample> samples, string metric) =>
        VersionComparator.BatchMeans(_options.MinBatchRequests, samples.Where(s => s.Requests > 0).Select(s => ((double)s.Counts.GetValueOrDefault(metric), s.Requests)));

    /// <summary>Batch means of a distribution signal over unthrottled windows (see <see cref="VersionComparator.BatchMeans"/>).</summary>
    private List<double> Means(List<WindowSample> samples, string metric) =>
        VersionComparator.BatchMeans(_options.MinBatchRequests, samples.Where(s => !s.Throttled && s.Sketches.TryGetValue(metric, out var k) && k.Count > 0)
            .Select(s => (s.Sketches[metric].Sum, s.Sketches[metric].Count)));

    private static DDSketch? Merge(List<WindowSample> samples, string metric)
    {
        DDSketch? merged = null;
        foreach (var s in samples)
        {
            if (!s.Throttled && s.Sketches.TryGetValue(metric, out var sketch))
            {
                merged ??= new DDSketch(sketch.RelativeAccuracy, sketch.MaxBins);
                merged.MergeWith(sketch);
            }
        }

        return merged;
    }

    private static List<double> Values(List<WindowSample> samples, string metric)
    {
        var values = new List<double>();
        foreach (var s in samples)
        {
            if (!s.Throttled && s.Values.TryGetValue(metric, out var v))
            {
                values.Add(v);
            }
        }

        return values;
    }
}
