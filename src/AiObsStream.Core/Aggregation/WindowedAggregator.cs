using System.Runtime.CompilerServices;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Aggregation;

/// <summary>
/// The event-time aggregation operator of one partition: de-duplicates records, assigns them to windows, keeps
/// exact count/sum/min/max and DDSketch percentiles per window × series × metric, derives GPU metrics, and emits rows
/// as the watermark advances (on time, corrected after late records, final when the window closes).
/// </summary>
/// <remarks>
/// Single-threaded: the engine runs one instance per partition and routes every series to exactly one partition, so
/// no locks are needed. State is bounded by open windows (window size + allowed lateness) × live series; closed
/// windows are recycled, so steady-state processing allocates nothing per event.
/// </remarks>
public sealed partial class WindowedAggregator
{
    private const int MaxWindowsPerEvent = 64;
    private readonly EventTimeOptions _options;
    private readonly WindowSpec _spec;
    private readonly long _latenessMs;
    private readonly SortedList<long, WindowState> _windows = [];
    private readonly Stack<WindowState> _freeWindows = new();
    private readonly Stack<DimsWindowGroup> _freeGroups = new();
    private readonly AccumulatorPool _pool = new();
    private readonly DedupFilter _dedup;
    private readonly Dictionary<SeriesDims, GpuSeriesState> _gpus = [];
    private readonly bool[] _enabled = new bool[FixedMetrics.Count];
    private readonly HashSet<string>? _dynamicFilter;
    private readonly MetricAccumulator _discard = new();

    /// <summary>
    /// The group <see cref="GetGroup"/> returned last, with its window, start and dims (null when none, or after any
    /// window was recycled): consecutive records of one series and window, the common case, skip the window's
    /// sorted-list search and the group's dictionary lookup (perf: ~2.5 % of a one-deployment AOAI run).
    /// </summary>
    private DimsWindowGroup? _lastGroup;
    private WindowState? _lastWindow;
    private SeriesDims? _lastDims;
    private long _lastStart;

    /// <summary>Stands in for the sketch of an accumulator that still holds its few values inline (see <see cref="MetricAccumulator"/>).</summary>
    private readonly Sketches.DDSketch _scratch = new();
    private long _watermark = long.MinValue;
    private IReadOnlySet<string>? _attachSketches;

    /// <summary>Per fixed metric: whether <see cref="AttachSketches"/> names it (a set lookup per row was measurable).</summary>
    private readonly bool[] _attachFixed = new bool[FixedMetrics.Count];

    /// <summary>Creates an aggregator computing every metric.</summary>
    public WindowedAggregator(EventTimeOptions options)
        : this(options, null)
    {
    }

    /// <summary>Creates an aggregator computing only <paramref name="metrics"/> (null: all), e.g. for anomaly detection series.</summary>
    public WindowedAggregator(EventTimeOptions options, IReadOnlyCollection<string>? metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Window.WindowsPerEvent > MaxWindowsPerEvent)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"window size / hop must be <= {MaxWindowsPerEvent}");
        }

        _options = options;
        _spec = options.Window;
        _latenessMs = options.AllowedLatenessMs;
        _dedup = new DedupFilter(TimeSpan.FromMilliseconds(_spec.HopMs),
            TimeSpan.FromMilliseconds(_spec.SizeMs + _latenessMs));
        for (var i = 0; i < _enabled.Length; i++)
        {
            _enabled[i] = metrics is null || metrics.Contains(FixedMetrics.Names[i]);
        }

        if (metrics is not null)
        {
            _dynamicFilter = new HashSet<string>(metrics, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Metrics whose on-time and corrected rows carry a copy of the window sketch in <see cref="MetricRow.Sketch"/>
    /// (null or empty: none). Evaluation metrics are matched by name like any other. Set before the first event.
    /// </summary>
    public IReadOnlySet<string>? AttachSketches
    {
        get => _attachSketches;
        set
        {
            _attachSketches = value;
            for (var i = 0; i < _attachFixed.Length; i++)
            {
                _attachFixed[i] = value is { Count: > 0 } && value.Contains(FixedMetrics.Names[i]);
            }
        }
    }

    /// <summary>
    /// Emit only <see cref="RowKind.OnTime"/> rows (windows still fire, are corrected and close as usual, but their
    /// correction and final rows are not built). For consumers that read nothing else, such as the anomaly detection
    /// buckets: they saved the allocation and quantiles of every row they dropped. Set before the first event.
    /// </summary>
    public bool OnTimeRowsOnly { get; init; }

    /// <summary>
    /// A window that fires and closes in the same <see cref="AdvanceWatermark"/> call (the end of the input, or an
    /// advance past its end + allowed lateness) is emitted as one <see cref="RowKind.Final"/> row per series with
    /// <see cref="MetricRow.AlsoOnTime"/> set (carrying the sketch copy an on-time row would), instead of an on-time row
    /// and a final row with the same numbers. For a consumer that reads on-time rows through
    /// <see cref="MetricRow.IsOnTime"/>; a replay whose whole input is shorter than the allowed lateness builds half the
    /// rows (#12). Set before the first event.
    /// </summary>
    public bool MergeOnTimeIntoFinal { get; init; }

    /// <summary>Records counted once (same identity seen again inside the lateness horizon).</summary>
    public long Duplicates { get; private set; }

    /// <summary>Records that reached this operator after their window closed (normally caught earlier by the sequencer).</summary>
    public long LateDropped { get; private set; }

    /// <summary>Records aggregated.</summary>
    public long Accepted { get; private set; }

    /// <summary>Number of open windows.</summary>
    public int OpenWindows => _windows.Count;

    /// <summary>The watermark last passed to <see cref="AdvanceWatermark"/>.</summary>
    public long Watermark => _watermark;

    /// <summary>Aggregates a batch of events.</summary>
    public void Process(ReadOnlySpan<TelemetryEvent> events)
    {
        Span<long> starts = stackalloc long[MaxWindowsPerEvent];
        for (var i = 0; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            if (_options.IsTooLate(e.TimeUnixMs, _watermark))
            {
                LateDropped++;
                continue;
            }

            if (!_dedup.TryAdd(e.DedupKey, e.TimeUnixMs))
            {
                Duplicates++;
                continue;
            }

            Accepted++;
            // Only GPU samples derive anything. Calling Derive for the rest returned its 40-byte default through the
            // return buffer, a copy whose 32-byte load spans two narrower stores and misses store forwarding on every
            // record (perf: Derive was 6 % of a one-deployment AOAI run, 95 % of it on that copy).
            Derived derived = default;
            if (e.Kind == EventKind.GpuSample)
            {
                derived = Derive(in e);
            }

            var n = _spec.AssignStarts(e.TimeUnixMs, starts);
            for (var w = 0; w < n; w++)
            {
                if (starts[w] + _spec.SizeMs + _latenessMs <= _watermark)
                {
                    continue; // this (older, hopping) window already closed; the newer ones still count the record
                }

                var group = GetGroup(starts[w], e.Dims);
                Apply(in e, in derived, group);
            }

            if (derived.Mode == DerivedMode.Reorder && derived.Net.Metric is not null)
            {
                ReorderNetwork(in e, derived.Net);
            }
            else if (derived.Mode == DerivedMode.Reorder)
            {
                Reorder(in e, derived.Slot);
            }
        }
    }

    private DimsWindowGroup GetGroup(long start, SeriesDims dims)
    {
        // The same dims object and start as last time: the same window and group, as long as no window was recycled
        // since (Recycle forgets them); a reference match is a subset of the dictionary's equality, so never wrong.
        if (_lastGroup is not null && start == _lastStart && ReferenceEquals(dims, _lastDims))
        {
            return Touched(_lastWindow!, _lastGroup);
        }

        if (!_windows.TryGetValue(start, out var window))
        {
            window = _freeWindows.Count > 0 ? _freeWindows.Pop() : new WindowState();
            window.Start = start;
            window.Fired = false;
            window.AnyDirty = false;
            _windows.Add(start, window);
        }

        if (!window.Groups.TryGetValue(dims, out var group))
        {
            group = _freeGroups.Count > 0 ? _freeGroups.Pop() : new DimsWindowGroup();
            window.Groups.Add(dims, group);
        }

        (_lastGroup, _lastWindow, _lastDims, _lastStart) = (group, window, dims, start);
        return Touched(window, group);
    }

    /// <summary>Returns <paramref name="group"/>, marked for a correction when its window has already fired.</summary>
    private static DimsWindowGroup Touched(WindowState window, DimsWindowGroup group)
    {
        if (window.Fired)
        {
            group.Dirty = true;
            window.AnyDirty = true;
        }

        return group;
    }

    /// <remarks>
    /// Inlined (about a dozen calls per request record, nearly all finding the slot: perf 2.4 % of an AOAI run as
    /// calls); the first use of a slot in a group takes <see cref="NewSlot"/>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private MetricAccumulator Slot(DimsWindowGroup group, FixedMetric metric)
    {
        if (!_enabled[(int)metric])
        {
            return _discard;
        }

        return group.Get(metric) ?? NewSlot(group, metric);
    }

    private MetricAccumulator NewSlot(DimsWindowGroup group, FixedMetric metric)
    {
        var acc = _pool.Rent(FixedMetrics.HasPercentiles(metric));
        group.Add(metric, acc);
        return acc;
    }

    private MetricAccumulator DynamicSlot(DimsWindowGroup group, string metric, bool percentiles)
    {
        if (_dynamicFilter is not null && !_dynamicFilter.Contains(metric))
        {
            return _discard;
        }

        group.Dynamic ??= new Dictionary<string, MetricAccumulator>(StringComparer.Ordinal);
        if (!group.Dynamic.TryGetValue(metric, out var acc))
        {
            acc = _pool.Rent(percentiles);
            group.Dynamic.Add(metric, acc);
        }

        return acc;
    }
}
