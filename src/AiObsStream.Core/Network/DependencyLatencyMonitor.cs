using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Network;

/// <summary>
/// Cross-service latency and jitter from App Insights dependency records (issue #15 §2): per (deployment, target,
/// name) and tumbling event-time window, p50/p95 of the dependency's <c>DurationMs</c> and its jitter, set against the
/// model's own processing time from the Azure OpenAI request logs of the same deployment and window. Alerts:
/// <see cref="DependencyRules.Path"/> (the slowness is on the way to the model) and <see cref="DependencyRules.Jitter"/>.
/// </summary>
/// <remarks>
/// <para>A dependency call is a request event of source App Insights whose <see cref="TelemetryEvent.Detail"/> holds the
/// target key (<c>DependencyType|Target</c>, set by the parser for AppDependencies only); the model's time is the
/// <c>durationMs</c> of Azure OpenAI request events, which Azure measures inside the service. The caller's duration is
/// the model's time plus everything on the way (client, network, gateway), so <c>p50(dependency) − p50(model)</c> is
/// the time on the way; when it rises and accounts for most of the rise of the dependency's p50, the slowness is on
/// the way; when the model's p50 rises with it, it is the model (the latency and version rules speak for that).</para>
/// <para>Bounded state: at most <see cref="DependencyMonitorOptions.MaxTargets"/> dependency series and as many
/// deployments on the model side; each holds only its open windows. Windows close when the watermark passes their
/// end; a call for a window already closed is counted in <see cref="Late"/>. Output is deterministic for a given
/// event sequence (the jitter follows it); the engine feeds it in event-time order through
/// <see cref="Security.MonitorFeed"/>, so its output does not depend on arrival order. Not thread-safe.</para>
/// </remarks>
public sealed partial class DependencyLatencyMonitor
{
    private readonly DependencyMonitorOptions _options;

    /// <summary>
    /// <see cref="DependencyMonitorOptions.WindowMs"/>, read once: it converts the TimeSpan on every call, and the feed asks for it per
    /// event (perf: <c>TimeSpan.TotalMilliseconds</c> ~1 % of a one-deployment run). The options are immutable.
    /// </summary>
    private readonly long _windowMs;
    private readonly Dictionary<(string Deployment, string Target, string Operation), DependencySeries> _series = [];
    private readonly List<DependencySeries> _ordered = [];
    private readonly Dictionary<string, SortedDictionary<long, LatencyWindow>> _models = new(StringComparer.Ordinal);
    private readonly SortedSet<long> _openWindows = [];
    private long _closedThrough = long.MinValue;

    /// <summary>
    /// <c>_openWindows.Min</c> (<see cref="long.MaxValue"/> when none), kept beside the set: the feed reads
    /// <see cref="NextEnd"/> once per event, and the set's minimum is a walk down the tree (perf, #12).
    /// </summary>
    private long _minOpen = long.MaxValue;

    /// <summary>
    /// The model side's last window (deployment, window start, latencies): consecutive requests of a deployment mostly
    /// fall in the same window, and finding it took two lookups and two divisions per request (perf, #12). Cleared
    /// whenever a window closes.
    /// </summary>
    private string? _lastModel;

    private long _lastModelWindow;
    private LatencyWindow? _lastModelLatency;

    /// <summary>Creates a monitor with validated <paramref name="options"/>.</summary>
    public DependencyLatencyMonitor(DependencyMonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _windowMs = options.WindowMs;
    }

    /// <summary>Calls (dependency or model side) that arrived for a window already closed (not used).</summary>
    public long Late { get; private set; }

    /// <summary>Calls of series beyond <see cref="DependencyMonitorOptions.MaxTargets"/> (not used).</summary>
    public long Untracked { get; private set; }

    /// <summary>Dependency series tracked.</summary>
    public int Targets => _series.Count;

    /// <summary>Takes the request events of <paramref name="events"/>; anything else is ignored.</summary>
    public void Observe(ReadOnlySpan<TelemetryEvent> events)
    {
        foreach (ref readonly var e in events)
        {
            Observe(in e);
        }
    }

    /// <summary>Takes one event: an App Insights dependency call, or an Azure OpenAI request (the model's own time).</summary>
    public void Observe(in TelemetryEvent e)
    {
        if (!Takes(in e))
        {
            return;
        }

        var dependency = e.Dims.Source == TelemetrySource.AppInsights;
        if (!dependency && _lastModelLatency is { } last && ReferenceEquals(e.Dims.Deployment, _lastModel)
            && (ulong)(e.TimeUnixMs - _lastModelWindow) < (ulong)_windowMs)
        {
            last.Add(e.LatencyMs); // the window is open: a closed one clears the cache
            return;
        }

        var window = e.TimeUnixMs - Mod(e.TimeUnixMs, _windowMs);
        if (window <= _closedThrough)
        {
            Late++;
            return;
        }

        var open = dependency ? SeriesOf(in e)?.Open : ModelOf(e.Dims.Deployment);
        if (open is null)
        {
            Untracked++;
            return;
        }

        if (!open.TryGetValue(window, out var w))
        {
            w = new LatencyWindow();
            open.Add(window, w);
            _openWindows.Add(window);
            _minOpen = Math.Min(_minOpen, window);
        }

        w.Add(e.LatencyMs);
        if (!dependency)
        {
            _lastModel = e.Dims.Deployment;
            _lastModelWindow = window;
            _lastModelLatency = w;
        }
    }

    /// <summary>The window size (the feed tells which windows an event came too late for).</summary>
    internal long WindowMs => _windowMs;

    /// <summary>
    /// The end of the earliest open window (<see cref="long.MaxValue"/> when none); may be early after a window closed
    /// by a later event, in which case advancing to it closes nothing.
    /// </summary>
    internal long NextEnd => _minOpen == long.MaxValue ? long.MaxValue : _minOpen + _windowMs;

    /// <summary>Counts <paramref name="e"/> in <see cref="Late"/> when this monitor takes it: its window has closed.</summary>
    internal void CountLate(in TelemetryEvent e)
    {
        if (Takes(in e))
        {
            Late++;
        }
    }

    /// <summary>Whether this monitor takes <paramref name="e"/>: a timed App Insights dependency call or Azure OpenAI request.</summary>
    public static bool Takes(in TelemetryEvent e) =>
        e.Kind == EventKind.Request && e.LatencyMs >= 0
        && ((e.Dims.Source == TelemetrySource.AppInsights && !string.IsNullOrEmpty(e.Detail))
            || (e.Dims.Source == TelemetrySource.AzureOpenAI && e.Dims.Deployment.Length > 0));

    /// <summary>Closes every open window that ends at or before <paramref name="watermark"/>, oldest first.</summary>
    public void AdvanceWatermark(long watermark, List<AlertEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        while (_openWindows.Count > 0 && _openWindows.Min <= watermark - _windowMs && watermark != long.MinValue)
        {
            var start = _openWindows.Min;
            _openWindows.Remove(start);
            Close(start, output);
            _closedThrough = start;
            _minOpen = _openWindows.Count == 0 ? long.MaxValue : _openWindows.Min;
            _lastModelLatency = null;
        }
    }

    private DependencySeries? SeriesOf(in TelemetryEvent e)
    {
        var d = e.Dims;
        var key = (d.Deployment, e.Detail!, d.Operation); // ordinal string equality, no allocation per call
        if (!_series.TryGetValue(key, out var s))
        {
            if (_series.Count >= _options.MaxTargets)
            {
                return null;
            }

            s = new DependencySeries(string.Concat(d.Deployment, "\n", e.Detail, "\n", d.Operation), d.Deployment, e.Detail!, d.Operation);
            _series.Add(key, s);
            var at = _ordered.BinarySearch(s, Comparer<DependencySeries>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key)));
            _ordered.Insert(~at, s);
        }

        s.ModelName = d.ModelName;
        s.ModelVersion = d.ModelVersion;
        return s;
    }

    private SortedDictionary<long, LatencyWindow>? ModelOf(string deployment)
    {
        if (_models.TryGetValue(deployment, out var open))
        {
            return open;
        }

        if (_models.Count >= _options.MaxTargets)
        {
            return null;
        }

        open = [];
        _models.Add(deployment, open);
        return open;
    }

    private static long Mod(long t, long size) => ((t % size) + size) % size;
}
