using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Security;

/// <summary>
/// Anomalous consumption per caller (issue #15 §1): per deployment and tracked caller, requests, tokens and response
/// bytes per tumbling event-time window, judged against the caller's own baseline and the deployment's. Alerts:
/// <see cref="SecurityRules.CallerSurge"/>, <see cref="SecurityRules.NewCallerShare"/> and
/// <see cref="SecurityRules.LargeResponses"/>.
/// </summary>
/// <remarks>
/// <para>The caller is the request event's <see cref="TelemetryEvent.Detail"/> (the parser puts the Entra object id
/// there, else the masked caller IP, exactly as Azure sent it); its response size is <see cref="TelemetryEvent.Value"/>.
/// Identifiers are never enriched or resolved, and the summaries written here never contain them: an alert carries the
/// caller only in its <c>OtherDims</c> (<c>Caller=…</c>), for the alert files and sinks, not for the console.</para>
/// <para>Bounded state: at most <see cref="CallerMonitorOptions.MaxDeployments"/> deployments, each with
/// <see cref="CallerMonitorOptions.TopK"/> slots (<see cref="SpaceSaving"/>), whatever the number of callers.</para>
/// <para>Windows close when the watermark passes their end or when a request of a later window arrives for the
/// deployment; a request for a window already closed is counted in <see cref="Late"/> and not used (the engine's
/// metrics still count it). Output is deterministic for a given event sequence; the engine feeds it in event-time
/// order through <see cref="MonitorFeed"/>, so its output does not depend on arrival order. Not thread-safe.</para>
/// </remarks>
public sealed partial class CallerConsumptionMonitor
{
    private const int Surge = 0;
    private const int Share = 1;
    private const int Large = 2;

    private readonly CallerMonitorOptions _options;

    /// <summary>
    /// <see cref="CallerMonitorOptions.WindowMs"/>, read once: it converts the TimeSpan on every call, and the feed asks for it per
    /// event (perf: <c>TimeSpan.TotalMilliseconds</c> ~1 % of a one-deployment run). The options are immutable.
    /// </summary>
    private readonly long _windowMs;
    private readonly Dictionary<string, DeploymentCallers> _deployments = new(StringComparer.Ordinal);
    private readonly List<DeploymentCallers> _ordered = [];

    /// <summary>The deployment of the last request taken (see <see cref="Take"/>).</summary>
    private DeploymentCallers? _last;

    /// <summary>The earliest open window's start (<see cref="long.MaxValue"/> when none): a watermark before its end closes nothing.</summary>
    private long _minOpen = long.MaxValue;

    /// <summary>Creates a monitor with validated <paramref name="options"/>.</summary>
    public CallerConsumptionMonitor(CallerMonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _windowMs = options.WindowMs;
    }

    /// <summary>Requests that arrived for a window of their deployment already closed (not used).</summary>
    public long Late { get; private set; }

    /// <summary>Requests of deployments beyond <see cref="CallerMonitorOptions.MaxDeployments"/> (not used).</summary>
    public long Untracked { get; private set; }

    /// <summary>Deployments tracked.</summary>
    public int Deployments => _deployments.Count;

    /// <summary>The number of callers tracked for <paramref name="deployment"/> (at most the top-K setting).</summary>
    public int TrackedCallers(string deployment) =>
        _deployments.TryGetValue(deployment, out var d) ? d.Callers.Count : 0;

    /// <summary>The callers tracked for <paramref name="deployment"/>, heaviest first (tests, diagnostics).</summary>
    public IReadOnlyList<string> TopCallers(string deployment)
    {
        if (!_deployments.TryGetValue(deployment, out var d))
        {
            return [];
        }

        return Enumerable.Range(0, d.Callers.Count)
            .OrderByDescending(d.Callers.CountAt).ThenBy(i => i)
            .Select(i => d.Callers.KeyAt(i)!).ToList();
    }

    /// <summary>
    /// Takes the request events of <paramref name="events"/> that name a caller; appends the alerts of the windows they
    /// close to <paramref name="output"/>. Other events are ignored.
    /// </summary>
    public void Observe(ReadOnlySpan<TelemetryEvent> events, List<AlertEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (ref readonly var e in events)
        {
            Observe(in e, output);
        }
    }

    /// <summary>Takes one event (a request that names a caller; anything else is ignored).</summary>
    public void Observe(in TelemetryEvent e, List<AlertEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Takes(in e))
        {
            Take(in e, output);
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

    /// <summary>Whether this monitor takes <paramref name="e"/>: an Azure OpenAI request naming a caller and a deployment.</summary>
    public static bool Takes(in TelemetryEvent e) =>
        // Azure OpenAI requests only: an App Insights dependency carries its target in Detail, not a caller.
        e.Kind == EventKind.Request && e.Dims.Source == TelemetrySource.AzureOpenAI && !string.IsNullOrEmpty(e.Detail)
        && e.Dims.Deployment.Length > 0;

    /// <summary>
    /// Closes every open window that ends at or before <paramref name="watermark"/>, oldest window first and, among
    /// windows of the same start, in deployment order (so the alerts' order does not depend on when this is called).
    /// </summary>
    public void AdvanceWatermark(long watermark, List<AlertEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var last = watermark < long.MinValue + _windowMs ? long.MinValue : watermark - _windowMs;
        while (_minOpen <= last)
        {
            var start = _minOpen;
            _minOpen = long.MaxValue;
            foreach (var d in _ordered)
            {
                if (d.WindowStart == start)
                {
                    Close(d, output);
                    d.WindowStart = long.MinValue;
                }
                else if (d.WindowStart != long.MinValue)
                {
                    _minOpen = Math.Min(_minOpen, d.WindowStart);
                }
            }
        }
    }

    private void Take(in TelemetryEvent e, List<AlertEvent> output)
    {
        // The deployment of the previous request, by reference (the parser's interned dimensions): the usual case, one
        // dictionary lookup less per request (perf, #12). Deployments are never removed, so a cached one stays valid.
        var d = _last is { } last && ReferenceEquals(last.Deployment, e.Dims.Deployment) ? last : DeploymentOf(e.Dims);
        if (d is null)
        {
            Untracked++;
            return;
        }

        _last = d;

        // In the open window (windows are aligned, so that is its start) without the two divisions.
        var window = d.WindowStart != long.MinValue && (ulong)(e.TimeUnixMs - d.WindowStart) < (ulong)_windowMs
            ? d.WindowStart
            : e.TimeUnixMs - Mod(e.TimeUnixMs, _windowMs);
        if (d.WindowStart != long.MinValue && window < d.WindowStart)
        {
            Late++;
            return;
        }

        if (window > d.WindowStart)
        {
            if (d.WindowStart != long.MinValue)
            {
                Close(d, output);
            }

            d.WindowStart = window;
            _minOpen = Math.Min(_minOpen, window);
        }

        var tokens = Tokens(in e);
        var slot = d.Callers.Offer(e.Detail!, 1, out var evicted);
        var state = d.Slot(slot);
        if (evicted is not null)
        {
            ResolveAll(d, state, evicted, window, output);
            state.Reset();
        }

        state.Requests++;
        state.ModelName = e.Dims.ModelName;
        state.ModelVersion = e.Dims.ModelVersion;
        d.Requests++;
        if (!double.IsNaN(tokens))
        {
            state.Tokens += tokens;
            d.Tokens += tokens;
        }

        if (e.Value >= 0)
        {
            state.Bytes += e.Value;
            state.Sized++;
            d.Bytes += e.Value;
            d.Sized++;
        }
    }

    private DeploymentCallers? DeploymentOf(SeriesDims dims)
    {
        if (_deployments.TryGetValue(dims.Deployment, out var d))
        {
            return d;
        }

        if (_deployments.Count >= _options.MaxDeployments)
        {
            return null;
        }

        d = new DeploymentCallers(dims.Deployment, dims.Source.ToString(), _options.TopK);
        _deployments.Add(dims.Deployment, d);

        // Kept sorted by name, so watermark closes (and their alerts) come in an order independent of arrival.
        var at = _ordered.BinarySearch(d, Comparer<DeploymentCallers>.Create((a, b) => string.CompareOrdinal(a.Deployment, b.Deployment)));
        _ordered.Insert(~at, d);
        return d;
    }

    private static double Tokens(in TelemetryEvent e)
    {
        var prompt = e.PromptTokens;
        var completion = e.CompletionTokens;
        return double.IsNaN(prompt) && double.IsNaN(completion)
            ? double.NaN
            : (double.IsNaN(prompt) ? 0 : prompt) + (double.IsNaN(completion) ? 0 : completion);
    }

    private static long Mod(long t, long size) => ((t % size) + size) % size;
}
