using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Operators;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Incidents;

/// <summary>
/// Gathers raw alerts into incidents, one per underlying problem, each with its probable cause and the evidence for it;
/// the layer between alerts and notifications.
/// </summary>
/// <remarks>
/// <para><b>Settle.</b> An alert is held until the window it describes has closed (the watermark passed its end, or that
/// window's on-time rows were seen), so its attribution sees the window's load and every other alert of that window; it
/// is then released with its <see cref="AlertEvent.IncidentId"/> set. An incident's Open is emitted in the tick its first
/// alert settles.</para>
/// <para><b>Attribution</b> (each alert → a cause). Intrinsic first: <c>gpu-memory</c> (rule), hardware (gpu-ecc*,
/// gpu-xid*, gpu-temperature, anomalies of temperature, SM clock, ECC, XID), <c>gpu-underutilized</c> (rule),
/// <c>model-version-regression</c> (→ version-regression; → quality-drift when its top signal is an evaluation metric),
/// quality-drift on evaluation metrics, spend (spend-*, tpm-quota*, cost anomalies), ingestion (ingestion-*, ingest
/// anomalies). Then, with those known, request-performance alerts (latency, TTFT, 429, errors, their anomalies, GPU
/// util/power/memory-copy anomalies up, gpu-saturated, token and request anomalies) by context, per deployment and window:
/// an open gpu-hardware incident on a host serving the deployment takes them (this replaces the notifier's inhibition of
/// latency/TTFT alerts by hardware alerts); else <c>capacity</c> when the deployment, or one sharing a GPU host with it,
/// surges (load ≥ <see cref="IncidentOptions.SurgeRatio"/> × its baseline, or throttled with a smaller rise); else
/// <c>version-regression</c> when the alert's version rolled out on the deployment within
/// <see cref="IncidentOptions.RolloutHorizon"/> (at comparable load, as surges were taken first) or a version-regression
/// incident is open for that deployment and version; else an open gpu-memory incident on a serving host; else token
/// anomalies are <c>spend</c> and the rest <c>unexplained</c>. So a burst right after a rollout puts its load-driven
/// alerts into a capacity incident, while the regression verdict (which compares at similar load) stays
/// version-regression. A GPU memory anomaly (not the gpu-memory threshold) during a surge is the surge's (the KV cache
/// grows with concurrent requests). A quality-drift alert on a request metric (tokens, error share) of a version with an
/// open version-regression incident supports that incident.</para>
/// <para><b>What an open incident already explains</b> (IncidentCorrelator.Explained.cs). <i>Do not blame the version for
/// what an earlier, still-open problem explains:</i> an alert blamed on a version (the regression verdict, or a request
/// alert of a version inside its rollout horizon) whose deployment's rollout began at T joins, as a supporting signal, the
/// earliest incident in its scope that opened before T, is not itself a version regression, and had a signal that
/// explains the regressed metric firing at T (started at or before T, not ended by T): request-performance signals
/// (latency, TTFT, queue, 429s, errors) explain a latency/TTFT/429/error regression; a gpu-hardware or gpu-memory incident
/// also explains latency/TTFT; spend signals (<c>spend-*</c>, a spend incident) or token/cost signals explain a
/// token/cost regression; a GPU hardware, memory or underutilized incident explains GPU activity (utilization, power,
/// clocks: a thermal throttle's power coming back is not the new version's). For the verdict the incident records <c>version_regression_confounded</c> = 1 and the verdict's effect, and its
/// summary says the version is also worse but the problem began before its release. An incident in its resolve hold
/// whose explaining signals had all ended by T does not absorb it. Kept simple: the regression stays with the incident it
/// joined; as a member alert it keeps that incident open while it fires, so an earlier problem that ends while the
/// version stays worse is still reported under the earlier cause (with the confounded evidence) until the verdict resolves. <i>An idle GPU is idle:</i> a <c>gpu_util</c> anomaly down is
/// gpu-underutilized only below <see cref="IncidentOptions.IdleUtilization"/>; a <c>power_w</c> anomaly down only while
/// the same GPU's utilization is below it or an underutilized incident is open on its host. Any other such drop is a
/// return to normal: it joins the latest open or holding incident (any cause) on its host that opened before it, else
/// unexplained. <i>The recovery of a signal belongs to its incident:</i> an anomaly in the opposite direction of a signal
/// of the same metric on the same series (GPU host, else deployment; GPU power counts as utilization) of an incident that
/// is open or in its resolve hold joins that incident.</para>
/// <para><b>Load</b> per deployment and window comes from one source, the trusted one for requests (see
/// <see cref="SourceTrust"/>), summed over versions and operations, never over sources that saw the same calls. The
/// baseline is the median of the previous <see cref="IncidentOptions.BaselineWindows"/> non-surge windows (at least
/// <see cref="IncidentOptions.MinBaselineWindows"/>).</para>
/// <para><b>Grouping.</b> An incident is (cause, scope); the scope is the connected set of deployments and GPU hosts
/// (host ↔ deployment learned from GPU rows and alerts). An alert joins the open incident of its cause whose scope meets
/// its deployment or host, else opens one. Sources of the same calls fold into one signal per (rule, deployment, host).</para>
/// <para><b>Lifecycle.</b> Open once; Updated (at most once per tick) when a signal, source, deployment, host, version or a
/// higher severity is added; Resolved when every member alert resolved and none re-fired for
/// <see cref="IncidentOptions.ResolveHold"/> of event time (driven by the watermark, so silent inputs still resolve). A
/// later alert opens a new incident. Id = <see cref="Events.StableHash64"/> of (cause, first deployment or host, opening
/// window start): identical across replays and checkpoint/restore.</para>
/// <para>Single-threaded and deterministic: no I/O, no clock; state visited in ordinal order; bounded (a load ring per
/// deployment, open incidents capped with a counted overflow, resolved incidents dropped).</para>
/// </remarks>
public sealed partial class IncidentCorrelator
{
    private const int RecentResolvedKept = 256;
    private const int RolloutsPerDeployment = 16;
    private const int VersionsPerDeployment = 8;
    private const int GpusKept = 4096;
    private readonly IncidentOptions _options;
    private readonly long _windowMs;
    private readonly long _holdMs;
    private readonly long _horizonMs;
    private readonly SortedDictionary<string, LoadHistory> _load = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedSet<string>> _hostDeployments = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedSet<string>> _deploymentHosts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<RolloutEvent>> _rollouts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SmallOrdinalMap<double>> _latencyP95 = new(StringComparer.Ordinal); // per deployment: a few versions (#12: a sorted map each cost ~220 B)
    private readonly SortedDictionary<string, double> _gpuUtil = new(StringComparer.Ordinal);

    /// <summary>First window with requests per deployment: a breach from then on is standing, not a change.</summary>
    private readonly SortedDictionary<string, long> _firstSeen = new(StringComparer.Ordinal);
    private readonly OpenIncidentSet _open = new();
    private readonly Dictionary<string, string> _alertIncident = new(StringComparer.Ordinal);
    private readonly List<Incident> _resolved = [];

    /// <summary>
    /// <see cref="_resolved"/> by id (ids are unique there): a notification's incident and a new incident's id are looked
    /// up once each, not by a scan of up to <see cref="RecentResolvedKept"/> (#12: 2.5 % of a run with 1,600 notifications).
    /// </summary>
    private readonly Dictionary<string, Incident> _resolvedById = new(StringComparer.Ordinal);

    /// <summary>The utilization key of each GPU series seen (a cache: not checkpointed; see <see cref="GpuKeyOf"/>).</summary>
    private readonly Dictionary<Events.SeriesDims, string> _gpuKeys = [];
    private readonly List<AlertEvent> _pending = [];
    private readonly List<AlertEvent> _ready = [];
    private readonly List<AlertEvent> _keep = [];
    private long _maxRowWindowMs = long.MinValue;

    /// <summary>
    /// No open incident can expire before this event time: a lower bound of AllResolvedAtMs + hold over the open incidents
    /// whose alerts all resolved (lowered when one starts resolving, made exact by each full visit), so that the expiry
    /// check run with every settled alert visits the open incidents only when one may be due.
    /// </summary>
    private long _earliestExpiryMs = long.MinValue;
    private int _eventsStart;
    private int _noticesStart;

    /// <summary>Creates a correlator.</summary>
    /// <param name="options">The settings (validated here).</param>
    /// <param name="windowSizeMs">Size of the metric windows, ms.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public IncidentCorrelator(IncidentOptions options, long windowSizeMs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSizeMs, 1);
        options.Validate();
        _options = options;
        _windowMs = windowSizeMs;
        _holdMs = (long)options.ResolveHold.TotalMilliseconds;
        _horizonMs = (long)options.RolloutHorizon.TotalMilliseconds;
    }

    /// <summary>Incidents opened so far.</summary>
    public long Opened { get; private set; }

    /// <summary>Incident events emitted so far.</summary>
    public long Events { get; private set; }

    /// <summary>Alerts that got no incident because <see cref="IncidentOptions.MaxOpenIncidents"/> were open.</summary>
    public long Overflow { get; private set; }

    /// <summary>Warning-level breaches within <see cref="IncidentOptions.MinBreachMargin"/> of their threshold that opened no incident.</summary>
    public long Marginals { get; private set; }

    /// <summary>
    /// Network throughput drops (anomalies down on link bytes per second) that opened no incident: no network incident was
    /// open on their host, and a drop alone may be the load falling (a deployment's traffic stopping) as well as a link.
    /// </summary>
    public long ThroughputDrops { get; private set; }

    /// <summary>Quality-drift alerts on request metrics (not evaluation scores) with no regression incident to support: no incident of their own.</summary>
    public long UsageDrifts { get; private set; }

    /// <summary>Threshold breaches present since a deployment's first windows (no healthy baseline seen) that opened no incident.</summary>
    public long StandingBreaches { get; private set; }

    /// <summary>Alerts settled early because <see cref="IncidentOptions.MaxPendingAlerts"/> were waiting.</summary>
    public long ForcedSettles { get; private set; }

    /// <summary>Incidents open now.</summary>
    public int OpenIncidents => _open.Count;

    /// <summary>Alerts waiting for their window to settle.</summary>
    public int PendingAlerts => _pending.Count;

    /// <summary>Deployments with a load history.</summary>
    public int TrackedDeployments => _load.Count;

    /// <summary>
    /// One output tick: learns load, host links and rollouts, settles the alerts whose window closed and advances the
    /// incidents' lifecycle to the watermark.
    /// </summary>
    /// <param name="rows">The tick's rows (only on-time rows are used; GPU rows carry their resolved version).</param>
    /// <param name="rollouts">Rollout events logged this tick.</param>
    /// <param name="alerts">The tick's raw alert events, in event-time order.</param>
    /// <param name="watermarkMs">The tick's watermark (<see cref="long.MaxValue"/> at the end of the input).</param>
    /// <param name="released">Receives the settled raw alerts with their incident id, in event-time order.</param>
    /// <param name="events">Receives incident state changes.</param>
    /// <param name="notices">Receives one pseudo-alert per incident change to announce (see <see cref="IncidentAlert"/>).</param>
    public void Process(IReadOnlyList<MetricRow> rows, IReadOnlyList<RolloutEvent> rollouts, IReadOnlyList<AlertEvent> alerts,
        long watermarkMs, List<AlertEvent> released, List<IncidentEvent> events, List<AlertEvent> notices)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(rollouts);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(released);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(notices);
        _eventsStart = events.Count;
        _noticesStart = notices.Count;
        ObserveRows(rows);
        ObserveRollouts(rollouts);
        _pending.AddRange(alerts);
        Settle(watermarkMs, released, events, notices);
        Advance(watermarkMs, events, notices);
    }

    /// <summary>The latest state of an incident that is open or recently resolved; null when unknown.</summary>
    public IncidentEvent? Latest(string incidentId)
    {
        if (_open.TryGetValue(incidentId, out var open))
        {
            return ToEvent(open, open.Announced ? IncidentStatus.Updated : IncidentStatus.Open, open.Announced ? open.ChangedAtMs : open.OpenWindowMs + _windowMs);
        }

        return _resolvedById.TryGetValue(incidentId, out var resolved)
            ? ToEvent(resolved, IncidentStatus.Resolved, resolved.ResolvedAtMs ?? resolved.ChangedAtMs)
            : null;
    }

    /// <summary>Start of the metric window an alert describes: rule alerts are stamped at its end, anomalies inside it.</summary>
    private long WindowOf(AlertEvent alert) => FloorDiv(alert.TimeGeneratedMs - 1, _windowMs) * _windowMs;

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -(((-a) + b - 1) / b);

    private void Settle(long watermarkMs, List<AlertEvent> released, List<IncidentEvent> events, List<AlertEvent> notices)
    {
        var ready = _ready;
        var keep = _keep;
        ready.Clear();
        keep.Clear();
        var force = _pending.Count - _options.MaxPendingAlerts;
        for (var p = 0; p < _pending.Count; p++)
        {
            var alert = _pending[p];
            var window = WindowOf(alert);
            if (force > 0 || window <= _maxRowWindowMs || watermarkMs == long.MaxValue || window + _windowMs <= watermarkMs)
            {
                ForcedSettles += force > 0 ? 1 : 0;
                force--;
                ready.Add(alert);
            }
            else
            {
                keep.Add(alert);
            }
        }

        _pending.Clear();
        _pending.AddRange(keep);
        if (ready.Count == 0)
        {
            return;
        }

        // Window by window, oldest first, so that a tick which settles several windows at once (the watermark moved more
        // than a window since the last tick: a told watermark in scale-out, a large batch) groups alerts exactly as one
        // tick per window would; otherwise a later window's intrinsic alert (a regression verdict) took an earlier
        // window's contextual one, and the incident opened under another cause, hence another id.
        var ids = new string[ready.Count];
        var causes = new IncidentCause?[ready.Count];
        var firstPass = new bool[ready.Count];
        foreach (var window in Enumerable.Range(0, ready.Count).GroupBy(i => WindowOf(ready[i])).OrderBy(g => g.Key))
        {
            // Two passes: alerts whose cause is their own (and events of alerts already in an incident) first, so that
            // the contextual ones see every incident their window opened, whatever the order inside the window.
            foreach (var i in window)
            {
                causes[i] = Intrinsic(ready[i]);
                firstPass[i] = causes[i] is not null || _alertIncident.ContainsKey(ready[i].AlertId);
            }

            for (var pass = 0; pass < 2; pass++)
            {
                foreach (var i in window)
                {
                    if (firstPass[i] == (pass == 0))
                    {
                        Expire(ready[i].TimeGeneratedMs, events, notices);
                        ids[i] = Assign(ready[i], causes[i]) ?? string.Empty;
                    }
                }
            }
        }

        var start = released.Count;
        for (var i = 0; i < ready.Count; i++)
        {
            released.Add(ids[i].Length == 0 ? ready[i] : ready[i] with { IncidentId = ids[i] });
        }

        TimeOrder.SortTail(released, start, static a => a.TimeGeneratedMs); // stable: keeps arrival order within a time
    }
}
