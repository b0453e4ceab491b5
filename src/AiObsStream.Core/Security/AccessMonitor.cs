using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Security;

/// <summary>
/// Control-plane and secret access per identity (issue #15 §1): Key Vault <c>AuditEvent</c> data-plane reads
/// (<see cref="EventKind.SecretAccess"/>) and Azure OpenAI <c>Audit</c> records (<see cref="EventKind.Audit"/>: ListKey,
/// RegenerateKey), per vault or account and identity, per tumbling event-time window. Alerts:
/// <see cref="SecurityRules.SecretAccessRate"/>, <see cref="SecurityRules.NewIdentity"/>,
/// <see cref="SecurityRules.OffHoursAccess"/> and <see cref="SecurityRules.KeyOperation"/>.
/// </summary>
/// <remarks>
/// <para>The identity is the event's <see cref="TelemetryEvent.Detail"/> (the parser puts the Entra object id there,
/// else the app id, the UPN, or the caller IP, exactly as sent); summaries never contain it: an alert carries it only in
/// <c>OtherDims</c> (<c>Identity=…;Resource=…</c>), for the alert files and sinks, never for the console.</para>
/// <para>Bounded state: at most <see cref="AccessMonitorOptions.MaxResources"/> resources, each with
/// <see cref="AccessMonitorOptions.TopK"/> identity slots (<see cref="SpaceSaving"/>) and at most
/// <see cref="AccessMonitorOptions.MaxKnownIdentities"/> remembered identity hashes, whatever the number of identities.</para>
/// <para>The off-hours rule: an identity's accesses are counted per UTC hour of day; once its slot holds
/// <see cref="AccessMonitorOptions.ProfileMinDays"/> days and <see cref="AccessMonitorOptions.ProfileMinAccesses"/>
/// accesses, an access in hour h is unusual when hours h-1, h and h+1 together hold less than
/// <see cref="AccessMonitorOptions.OffHoursShare"/> of the profile. The access is judged before it joins the profile.</para>
/// <para>Windows close when the watermark passes their end or when an access of a later window arrives for the
/// resource; an access for a window already closed is counted in <see cref="Late"/> and not used. Output is
/// deterministic for a given event sequence; the engine feeds it in event-time order through
/// <see cref="MonitorFeed"/>, so its output does not depend on arrival order. Not thread-safe.</para>
/// </remarks>
public sealed partial class AccessMonitor
{
    private const int Rate = 0;
    private const int New = 1;
    private const int OffHours = 2;
    private const int Keys = 3;
    private const long HourMs = 3_600_000;
    private const long DayMs = 24 * HourMs;

    private readonly AccessMonitorOptions _options;

    /// <summary>
    /// <see cref="AccessMonitorOptions.WindowMs"/>, read once: it converts the TimeSpan on every call, and the feed asks for it per
    /// event (perf: <c>TimeSpan.TotalMilliseconds</c> ~1 % of a one-deployment run). The options are immutable.
    /// </summary>
    private readonly long _windowMs;
    private readonly Dictionary<string, ResourceAccess> _resources = new(StringComparer.Ordinal);
    private readonly List<ResourceAccess> _ordered = [];

    /// <summary>The earliest open window's start (<see cref="long.MaxValue"/> when none): a watermark before its end closes nothing.</summary>
    private long _minOpen = long.MaxValue;

    /// <summary>
    /// Event time of the first access the monitor took: the warm-up runs from here for every resource, because a
    /// control-plane stream is sparse (an account's first ListKey may come hours in, and is then exactly the new
    /// identity to report). A resource that starts logging after the warm-up has each of its identities reported once.
    /// </summary>
    private long _firstMs = long.MinValue;

    /// <summary>Creates a monitor with validated <paramref name="options"/>.</summary>
    public AccessMonitor(AccessMonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _windowMs = options.WindowMs;
    }

    /// <summary>Accesses that arrived for a window of their resource already closed (not used).</summary>
    public long Late { get; private set; }

    /// <summary>Accesses of resources beyond <see cref="AccessMonitorOptions.MaxResources"/> (not used).</summary>
    public long Untracked { get; private set; }

    /// <summary>Identities not judged as new because their resource's known set was full.</summary>
    public long Unjudged { get; private set; }

    /// <summary>Resources tracked.</summary>
    public int Resources => _resources.Count;

    /// <summary>The number of identities tracked for <paramref name="resource"/> (at most the top-K setting).</summary>
    public int TrackedIdentities(string resource) =>
        _resources.TryGetValue(resource, out var r) ? r.Identities.Count : 0;

    /// <summary>The number of identity hashes remembered for <paramref name="resource"/>.</summary>
    public int KnownIdentities(string resource) =>
        _resources.TryGetValue(resource, out var r) ? r.Known.Count : 0;

    /// <summary>Takes one event (a Key Vault access or an Azure OpenAI audit record naming an identity; anything else is ignored).</summary>
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

    /// <summary>Whether this monitor takes <paramref name="e"/>: a Key Vault access or audit record naming an identity and a resource.</summary>
    public static bool Takes(in TelemetryEvent e) =>
        e.Kind is EventKind.SecretAccess or EventKind.Audit && !string.IsNullOrEmpty(e.Detail) && e.Dims.Resource.Length > 0;

    /// <summary>
    /// Closes every open window that ends at or before <paramref name="watermark"/>, oldest window first and, among
    /// windows of the same start, in resource order (so the alerts' order does not depend on when this is called).
    /// </summary>
    public void AdvanceWatermark(long watermark, List<AlertEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var last = watermark < long.MinValue + _windowMs ? long.MinValue : watermark - _windowMs;
        while (_minOpen <= last)
        {
            var start = _minOpen;
            _minOpen = long.MaxValue;
            foreach (var r in _ordered)
            {
                if (r.WindowStart == start)
                {
                    Close(r, output);
                    r.WindowStart = long.MinValue;
                }
                else if (r.WindowStart != long.MinValue)
                {
                    _minOpen = Math.Min(_minOpen, r.WindowStart);
                }
            }
        }
    }

    private void Take(in TelemetryEvent e, List<AlertEvent> output)
    {
        var r = ResourceOf(in e);
        if (r is null)
        {
            Untracked++;
            return;
        }

        var t = e.TimeUnixMs;
        var window = t - Mod(t, _windowMs);
        if (r.WindowStart != long.MinValue && window < r.WindowStart)
        {
            Late++;
            return;
        }

        if (window > r.WindowStart)
        {
            if (r.WindowStart != long.MinValue)
            {
                Close(r, output);
            }

            r.WindowStart = window;
            _minOpen = Math.Min(_minOpen, window);
        }

        if (_firstMs == long.MinValue)
        {
            _firstMs = t;
        }

        var identity = e.Detail!;
        var isNew = Remember(r, identity, t);
        var slot = r.Identities.Offer(identity, 1, out var evicted);
        var s = r.Slots[slot];
        if (evicted is not null)
        {
            ResolveAll(r, s, evicted, window, output);
            s.Reset();
        }

        if (s.FirstMs == long.MinValue)
        {
            s.FirstMs = t;
        }

        var operation = e.Dims.Operation;
        s.Operation = operation;
        s.New |= isNew;
        if (e.Kind == EventKind.SecretAccess)
        {
            if (AccessOperations.IsSecretRead(operation))
            {
                s.Reads++;
            }
        }
        else if (AccessOperations.IsKeyRegenerate(operation))
        {
            s.KeyRegenerations++;
        }
        else if (AccessOperations.IsKeyList(operation))
        {
            s.KeyLists++;
        }

        var hour = (int)(Mod(t, DayMs) / HourMs);
        if (Unusual(s, hour, t))
        {
            s.OffHours++;
        }

        s.Hours[hour]++;
        s.HourTotal++;
    }

    /// <summary>Adds the identity to the known set; true when it is new and the resource is past its warm-up.</summary>
    private bool Remember(ResourceAccess r, string identity, long t)
    {
        var hash = StableHash64.Of(identity);
        if (r.Known.Contains(hash))
        {
            return false;
        }

        if (r.Known.Count >= _options.MaxKnownIdentities)
        {
            Unjudged++;
            return false;
        }

        r.Known.Add(hash);
        return t - _firstMs >= (long)_options.WarmUp.TotalMilliseconds;
    }

    /// <summary>The off-hours rule (see the type remarks), judged before the access joins the profile.</summary>
    private bool Unusual(AccessSlot s, int hour, long t)
    {
        var o = _options;
        if (s.HourTotal < o.ProfileMinAccesses || t - s.FirstMs < o.ProfileMinDays * DayMs)
        {
            return false;
        }

        var near = s.Hours[(hour + 23) % 24] + s.Hours[hour] + s.Hours[(hour + 1) % 24];
        return near < o.OffHoursShare * s.HourTotal;
    }

    private ResourceAccess? ResourceOf(in TelemetryEvent e)
    {
        var resource = e.Dims.Resource;
        if (_resources.TryGetValue(resource, out var r))
        {
            return r;
        }

        if (_resources.Count >= _options.MaxResources)
        {
            return null;
        }

        r = new ResourceAccess(resource, e.Kind == EventKind.SecretAccess ? "KeyVault" : e.Dims.Source.ToString(),
            e.Dims.Deployment, _options.TopK);
        _resources.Add(resource, r);

        // Kept sorted by id, so watermark closes (and their alerts) come in an order independent of arrival.
        var at = _ordered.BinarySearch(r, Comparer<ResourceAccess>.Create((a, b) => string.CompareOrdinal(a.Resource, b.Resource)));
        _ordered.Insert(~at, r);
        return r;
    }

    private static long Mod(long t, long size) => ((t % size) + size) % size;
}
