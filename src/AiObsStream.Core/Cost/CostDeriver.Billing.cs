using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Cost;

/// <content>Totals of one window per cost key: billing-source choice and GPU time per physical GPU.</content>
public sealed partial class CostDeriver
{
    private readonly List<SeriesDims> _seriesOrder = [];
    private readonly SortedDictionary<CostKey, CostContribution> _totals = new(CostKeyOrder.Instance);
    private readonly Dictionary<string, int> _billingRank = new(StringComparer.Ordinal);
    private readonly SortedDictionary<(string Host, string Gpu), List<CostKey>> _physical = new(Comparer<(string Host, string Gpu)>.Create(
        static (x, y) => string.CompareOrdinal(x.Host, y.Host) is var c and not 0 ? c : string.CompareOrdinal(x.Gpu, y.Gpu)));

    /// <summary>Fills <see cref="_priced"/> with every cost key of <paramref name="window"/>, its role and total, in key order.</summary>
    private void Price(CostWindow window)
    {
        _priced.Clear();
        _totals.Clear();
        _billingRank.Clear();
        _physical.Clear();
        _seriesOrder.Clear();
        _seriesOrder.AddRange(window.Series.Keys);
        _seriesOrder.Sort(SeriesDimsOrder.Instance); // floating-point sums in one order whatever the arrival order

        foreach (var dims in _seriesOrder)
        {
            var c = window.Series[dims];
            var key = new CostKey(window.StartMs, window.EndMs, dims.Source, dims.Deployment, c.ModelVersion ?? string.Empty);
            if (dims.Source == TelemetrySource.DCGM)
            {
                if (c.Gpus > 0)
                {
                    AddGpuSeries(dims, key);
                }

                continue;
            }

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
        foreach (var (key, total) in _totals)
        {
            var role = key.Source == TelemetrySource.DCGM ? CostRole.Billing
                : !total.HasTokens ? CostRole.None
                : BillingPrecedence.Rank(key.Source) == _billingRank[key.Deployment] ? CostRole.Billing
                : CostRole.Shadow;
            _priced.Add((key, role, total));
        }
    }

    private void AddGpuSeries(SeriesDims dims, CostKey key)
    {
        var physical = (dims.Host, PhysicalGpu.Of(dims.Gpu));
        if (!_physical.TryGetValue(physical, out var keys))
        {
            _physical[physical] = keys = [];
        }

        if (!keys.Contains(key))
        {
            keys.Add(key);
        }
    }

    /// <summary>
    /// Each physical GPU seen in the window costs the whole window once; when its MIG instances serve several
    /// deployments (or versions), the window is split equally among those keys. Series without a deployment (the
    /// parent GPU's own fields next to its attributed instances) take no share when an attributed series exists.
    /// </summary>
    private void PriceGpuTime(CostWindow window)
    {
        var seconds = (window.EndMs - window.StartMs) / 1000.0;
        foreach (var ((host, _), keys) in _physical)
        {
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
}
