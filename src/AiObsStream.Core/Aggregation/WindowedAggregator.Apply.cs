using AiObsStream.Core.Events;

namespace AiObsStream.Core.Aggregation;

/// <content>Mapping of events onto metric accumulators.</content>
public sealed partial class WindowedAggregator
{
    /// <summary>XID codes treated as critical (uncorrectable memory errors, fallen off the bus, contained/uncontained ECC).</summary>
    private static readonly HashSet<int> CriticalXids = [48, 63, 64, 74, 79, 92, 94, 95, 119, 120, 140];

    private enum DerivedMode : byte
    {
        None,
        AddValue,
        EnsureRow,
        NewXid,

        /// <summary>The sample arrived before a later one of its series: its windows and its successor's are rebuilt.</summary>
        Reorder,
    }

    /// <summary>The derivation of one event; <paramref name="Net"/> is set (its Metric non-null) for a network field.</summary>
    private readonly record struct Derived(DerivedMode Mode, FixedMetric Slot, double Value, bool Critical = false,
        Network.NetworkField Net = default);

    /// <summary>
    /// Computes the per-event derived value once (GPU counters and pairs are stateful across windows), before the
    /// event is applied to each of its windows.
    /// </summary>
    private Derived Derive(in TelemetryEvent e)
    {
        if (e.Kind != EventKind.GpuSample || e.Metric is null)
        {
            return default;
        }

        switch (e.Metric)
        {
            case DcgmFields.GpuUtil: return new(DerivedMode.AddValue, FixedMetric.GpuUtil, e.Value);
            case DcgmFields.MemCopyUtil: return new(DerivedMode.AddValue, FixedMetric.MemCopyUtil, e.Value);
            case DcgmFields.GpuTemp: return new(DerivedMode.AddValue, FixedMetric.GpuTempC, e.Value);
            case DcgmFields.PowerUsage: return new(DerivedMode.AddValue, FixedMetric.PowerW, e.Value);
            case DcgmFields.SmClock: return new(DerivedMode.AddValue, FixedMetric.SmClockMhz, e.Value);
            case DcgmFields.FbUsed:
            case DcgmFields.FbFree:
                return DeriveFramebuffer(in e);
            case DcgmFields.EccDbeVolTotal:
                return DeriveOrdered(in e, Gpu(e.Dims).Dbe, FixedMetric.EccDbe);
            case DcgmFields.EccSbeVolTotal:
                return DeriveOrdered(in e, Gpu(e.Dims).Sbe, FixedMetric.EccSbe);
            case DcgmFields.XidErrors:
                return DeriveOrdered(in e, Gpu(e.Dims).Xid, FixedMetric.Xid);
            default:
                return DeriveNetwork(in e);
        }
    }

    private Derived DeriveFramebuffer(in TelemetryEvent e)
    {
        var gpu = Gpu(e.Dims);
        if (ReferenceEquals(e.Metric, DcgmFields.FbUsed) || e.Metric == DcgmFields.FbUsed)
        {
            gpu.FbUsedTime = e.TimeUnixMs;
            gpu.FbUsed = e.Value;
        }
        else
        {
            gpu.FbFreeTime = e.TimeUnixMs;
            gpu.FbFree = e.Value;
        }

        var total = gpu.FbUsed + gpu.FbFree;
        if (gpu.FbUsedTime != e.TimeUnixMs || gpu.FbFreeTime != e.TimeUnixMs || !(total > 0))
        {
            return default;
        }

        return new(DerivedMode.AddValue, FixedMetric.FbUsedPct, 100.0 * gpu.FbUsed / total);
    }

    private GpuSeriesState Gpu(SeriesDims dims)
    {
        if (!_gpus.TryGetValue(dims, out var state))
        {
            state = new GpuSeriesState();
            _gpus.Add(dims, state);
        }

        return state;
    }

    private void Apply(in TelemetryEvent e, in Derived derived, DimsWindowGroup group)
    {
        switch (e.Kind)
        {
            case EventKind.Request:
                ApplyRequest(in e, group);
                break;
            case EventKind.GpuSample:
                ApplyGpu(in derived, group);
                break;
            case EventKind.MetricPoint when e.Metric is not null:
                DynamicSlot(group, e.Metric, percentiles: false).AddAggregate(e.Count, e.Value, e.Min, e.Max);
                break;
            case EventKind.Evaluation when e.Metric is not null && double.IsFinite(e.Value):
                DynamicSlot(group, e.Metric, percentiles: true).Add(e.Value);
                break;
            case EventKind.Audit:
                Slot(group, FixedMetric.AuditEvents).AddCount(true);
                break;
        }
    }

    private void ApplyGpu(in Derived derived, DimsWindowGroup group)
    {
        if (derived.Net.Metric is not null)
        {
            ApplyNetwork(in derived, group);
            return;
        }

        switch (derived.Mode)
        {
            case DerivedMode.AddValue when double.IsFinite(derived.Value):
                Slot(group, derived.Slot).Add(derived.Value);
                break;
            case DerivedMode.EnsureRow:
            case DerivedMode.Reorder:
                _ = Slot(group, derived.Slot);
                if (derived.Slot == FixedMetric.Xid)
                {
                    _ = Slot(group, FixedMetric.XidCritical);
                }

                break;
            case DerivedMode.NewXid:
                Slot(group, FixedMetric.Xid).Add(derived.Value);
                var critical = Slot(group, FixedMetric.XidCritical);
                if (derived.Critical)
                {
                    critical.Add(derived.Value);
                }

                break;
        }
    }

    private void ApplyRequest(in TelemetryEvent e, DimsWindowGroup group)
    {
        Slot(group, FixedMetric.Requests).AddCount(true);
        var throttled = e.Status == 429;
        Slot(group, FixedMetric.Http429).AddCount(throttled);
        Slot(group, FixedMetric.Errors).AddCount(!e.Success && !throttled);
        if (e.Metric is not null)
        {
            // Content-filter slots exist only where a filtered call was seen, so series without the signal emit no new rows.
            if (e.Metric == MetricNames.ContentFilterPrompt)
            {
                Slot(group, FixedMetric.ContentFilterPrompt).AddCount(true);
            }
            else if (e.Metric == MetricNames.ContentFilterCompletion)
            {
                Slot(group, FixedMetric.ContentFilterCompletion).AddCount(true);
            }
        }

        if (e.Success)
        {
            AddIfFinite(group, FixedMetric.LatencyMs, e.LatencyMs);
            AddIfFinite(group, FixedMetric.TtftMs, e.TtftMs);
            AddIfFinite(group, FixedMetric.TokensPerSecond, TokensPerSecond(in e));
        }

        AddIfFinite(group, FixedMetric.QueueMs, e.QueueMs);
        AddIfFinite(group, FixedMetric.TokensPrompt, e.PromptTokens);
        AddIfFinite(group, FixedMetric.TokensCompletion, e.CompletionTokens);
        if (e.Success)
        {
            // Only successful calls are billed; throttled and failed calls carry (client-side) token counts that
            // Azure does not charge. The cost stage prices these slots, not the all-status ones above.
            AddIfFinite(group, FixedMetric.TokensPromptBilled, e.PromptTokens);
            AddIfFinite(group, FixedMetric.TokensCompletionBilled, e.CompletionTokens);
        }

        var prompt = double.IsFinite(e.PromptTokens) ? e.PromptTokens : 0;
        var completion = double.IsFinite(e.CompletionTokens) ? e.CompletionTokens : 0;
        if (double.IsFinite(e.PromptTokens) || double.IsFinite(e.CompletionTokens))
        {
            Slot(group, FixedMetric.TokensTotal).Add(prompt + completion);
        }
    }

    /// <summary>Generation speed: completion tokens over the time after the first token (or the whole latency without TTFT).</summary>
    private static double TokensPerSecond(in TelemetryEvent e)
    {
        if (!(e.CompletionTokens > 0) || !(e.LatencyMs > 0))
        {
            return double.NaN;
        }

        var generationMs = e.TtftMs >= 0 && e.LatencyMs > e.TtftMs ? e.LatencyMs - e.TtftMs : e.LatencyMs;
        return e.CompletionTokens * 1000.0 / generationMs;
    }

    private void AddIfFinite(DimsWindowGroup group, FixedMetric metric, double value)
    {
        if (double.IsFinite(value))
        {
            Slot(group, metric).Add(value);
        }
    }
}
