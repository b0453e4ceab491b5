using AiObsStream.Core.Events;
using AiObsStream.Core.Operators;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Cost;

/// <content>Totals of one window per cost key: billing-source choice and GPU time per physical GPU.</content>
public sealed partial class CostDeriver
{
    private const int SlotCapacity = 1 << 18; // series remembered with their physical GPU before the cache starts over

    private static readonly Comparison<(CostKey Key, CostRole Role, CostContribution Total)> ByKey =
        static (x, y) => CostKeyOrder.Instance.Compare(x.Key, y.Key);

    private readonly List<SeriesDims> _seriesOrder = [];

    // A hash map reused from window to window; key order comes from sorting _priced once (a sorted map allocated a node
    // per key at every pricing: ~0.9 MB per 5,000-deployment window).
    private readonly Dictionary<CostKey, CostContribution> _totals = [];
    private readonly Dictionary<string, int> _billingRank = new(StringComparer.Ordinal);

    /// <summary>The physical GPU of each GPU series seen (so the MIG parsing and the (host, GPU) lookup run once per series).</summary>
    private readonly Dictionary<SeriesDims, PhysicalSlot> _slotOf = [];
    private readonly Dictionary<(string Host, string Gpu), PhysicalSlot> _slotByName = [];
    private readonly List<PhysicalSlot> _slots = [];
    private OrdinalRanks<PhysicalSlot> _slotRanks = NewSlotRanks();
    private long[] _slotOrder = [];
    private int _stamp;

    /// <summary>Fills <see cref="_priced"/> with every cost key of <paramref name="window"/>, its role and total, in key order.</summary>
    private void Price(CostWindow window)
    {
        _priced.Clear();
        _totals.Clear();
        _billingRank.Clear();
        _seriesOrder.Clear();
        _slots.Clear();
        _stamp++;
        if (_slotOf.Count > SlotCapacity)
        {
            _slotOf.Clear();
            _slotByName.Clear();
            _slotRanks = NewSlotRanks();
        }

        foreach (var (dims, c) in window.Series)
        {
            if (dims.Source != TelemetrySource.DCGM)
            {
                _seriesOrder.Add(dims);
            }
            else if (c.Gpus > 0)
            {
                // GPU series only mark their physical GPU: no sum depends on the order they are visited in
                AddGpuSeries(dims, new CostKey(window.StartMs, window.EndMs, dims.Source, dims.Deployment, c.ModelVersion ?? string.Empty));
            }
        }

        _seriesOrder.Sort(SeriesDimsOrder.Instance); // floating-point sums in one order whatever the arrival order
        _totals.EnsureCapacity(_seriesOrder.Count); // at most one key per series: no growth garbage at a large window
        foreach (var dims in _seriesOrder)
        {
            var c = window.Series[dims];
            var key = new CostKey(window.StartMs, window.EndMs, dims.Source, dims.Deployment, c.ModelVersion ?? string.Empty);
            var total = _totals.GetValueOrDefault(key);
            total.ModelVersion = key.ModelVersion;
            total.Add(c);
            _totals[key] = total;
            if (c.HasTokens)
            {
                var rank = BillingPrecedence.Rank(dims.Source);
                if (!_billingRank.TryGetValue(dims.Deployment, out var best) || rank < best)
                {
                    _billingRank[dims.Deployment] = rank;
                }
            }
        }

        PriceGpuTime(window);
        _priced.EnsureCapacity(_totals.Count);
        foreach (var (key, total) in _totals)
        {
            var role = key.Source == TelemetrySource.DCGM ? CostRole.Billing
                : !total.HasTokens ? CostRole.None
                : BillingPrecedence.Rank(key.Source) == _billingRank[key.Deployment] ? CostRole.Billing
                : CostRole.Shadow;
            _priced.Add((key, role, total));
        }

        _priced.Sort(ByKey); // keys are distinct and the order is total: the same order as a sorted map's
    }

    private static OrdinalRanks<PhysicalSlot> NewSlotRanks() => new(PhysicalSlot.Order, ReferenceEqualityComparer.Instance);

    private void AddGpuSeries(SeriesDims dims, CostKey key)
    {
        if (!_slotOf.TryGetValue(dims, out var slot))
        {
            var name = (dims.Host, PhysicalGpu.Of(dims.Gpu));
            if (!_slotByName.TryGetValue(name, out slot))
            {
                _slotByName[name] = slot = new PhysicalSlot(name.Host, name.Item2);
            }

            _slotOf[dims] = slot;
        }

        if (slot.Stamp != _stamp)
        {
            slot.Stamp = _stamp;
            slot.Keys.Clear();
            _slots.Add(slot);
        }

        if (!slot.Keys.Contains(key))
        {
            slot.Keys.Add(key);
        }
    }

    /// <summary>The window's physical GPUs in (host, GPU) ordinal order: the order their shares are summed in.</summary>
    private ReadOnlySpan<long> OrderSlots()
    {
        var n = _slots.Count;
        if (_slotOrder.Length < n)
        {
            _slotOrder = new long[Math.Max(n, _slotOrder.Length * 2)];
        }

        _slotRanks.BeginBatch();
        for (var i = 0; i < n; i++)
        {
            _slotOrder[i] = ((long)_slotRanks.Find(_slots[i]) << 32) | (uint)i; // ranks are distinct: one slot per (host, GPU)
        }

        if (_slotRanks.Renumber())
        {
            for (var i = 0; i < n; i++)
            {
                _slotOrder[i] = ((long)_slotRanks.RankOf(_slots[i]) << 32) | (uint)i;
            }
        }

        Array.Sort(_slotOrder, 0, n);
        return _slotOrder.AsSpan(0, n);
    }

    /// <summary>
    /// Each physical GPU seen in the window costs the whole window once; when its MIG instances serve several
    /// deployments (or versions), the window is split equally among those keys. Series without a deployment (the
    /// parent GPU's own fields next to its attributed instances) take no share when an attributed series exists.
    /// </summary>
    private void PriceGpuTime(CostWindow window)
    {
        var seconds = (window.EndMs - window.StartMs) / 1000.0;
        foreach (var packed in OrderSlots())
        {
            var slot = _slots[(int)(packed & uint.MaxValue)];
            var (host, keys) = (slot.Host, slot.Keys);
            var attributed = 0;
            foreach (var key in keys)
            {
                attributed += key.Deployment.Length > 0 ? 1 : 0;
            }

            if (attributed > 0 && attributed < keys.Count)
            {
                keys.RemoveAll(static k => k.Deployment.Length == 0);
            }

            var share = seconds / keys.Count;
            var gpuModel = _options.GpuModelByHost.GetValueOrDefault(host, _options.GpuModel);
            var usdPerHour = _prices.TryGetGpuPrice(gpuModel, window.StartMs, out var rate) ? rate.UsdPerHour : double.NaN;
            foreach (var key in keys)
            {
                var total = _totals.GetValueOrDefault(key);
                total.ModelVersion = key.ModelVersion;
                total.Gpus++;
                if (!double.IsNaN(usdPerHour))
                {
                    total.GpuSeconds += share;
                    total.GpuUsd += share * usdPerHour / 3600.0;
                }
                else
                {
                    total.UnpricedGpuSeconds += share;
                }

                _totals[key] = total;
            }
        }
    }

    /// <summary>One physical GPU: its cost keys in the window being priced (valid while <see cref="Stamp"/> is current).</summary>
    private sealed class PhysicalSlot(string host, string gpu)
    {
        public static readonly IComparer<PhysicalSlot> Order = Comparer<PhysicalSlot>.Create(
            static (x, y) => string.CompareOrdinal(x.Host, y.Host) is var c and not 0 ? c : string.CompareOrdinal(x.Gpu, y.Gpu));

        public string Host { get; } = host;

        public string Gpu { get; } = gpu;

        public List<CostKey> Keys { get; } = [];

        public int Stamp { get; set; }
    }
}
