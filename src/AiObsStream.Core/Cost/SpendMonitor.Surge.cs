using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Cost;

/// <content>The minute-level <c>spend-surge</c> rule (see the type remarks).</content>
public sealed partial class SpendMonitor
{
    /// <summary>Rule name of the minute-level spend surge alert.</summary>
    public const string SurgeRule = "spend-surge";

    private SpendSurgeOptions Surge => _options.Surge;

    private long FloorSurge(long ms) => ms - (((ms % _surgeMs) + _surgeMs) % _surgeMs);

    /// <summary>Adds a token cost row (request sources only: GPU rows price time, not calls) to its surge window.</summary>
    private void ObserveSurge(SpendSeries s, MetricRow row)
    {
        var start = FloorSurge(row.WindowStartMs);
        var g = s.Surge ??= new SpendSurgeState { NextMs = start };
        if (start < g.NextMs)
        {
            return; // its window already closed
        }

        if (!g.Open.TryGetValue(start, out var versions))
        {
            g.Open[start] = versions = new SortedDictionary<string, (double Usd, long Requests)>(StringComparer.Ordinal);
        }

        var (usd, requests) = versions.GetValueOrDefault(row.ModelVersion);
        versions[row.ModelVersion] = (usd + row.Sum, requests + Math.Max(0, row.Count));
        g.Dims = row.Dims;
    }

    /// <summary>Closes the surge windows that end at or before <paramref name="through"/>.</summary>
    private void AdvanceSurge(SpendSurgeState g, long through, List<AlertEvent> alerts)
    {
        while (g.NextMs + _surgeMs <= through)
        {
            if (g.AlertId is null && g.Run == 0 && !g.Open.ContainsKey(g.NextMs) && g.NothingKnown())
            {
                // Empty windows with nothing known would only push unknowns: skip to the next window with data.
                var jump = Math.Min(FirstOpen(g), FloorSurge(through));
                if (jump > g.NextMs)
                {
                    g.NextMs = jump;
                    continue;
                }
            }

            CloseSurge(g, alerts);
        }
    }

    private static long FirstOpen(SpendSurgeState g)
    {
        foreach (var start in g.Open.Keys)
        {
            return start;
        }

        return long.MaxValue;
    }

    private void CloseSurge(SpendSurgeState g, List<AlertEvent> alerts)
    {
        var start = g.NextMs;
        var end = start + _surgeMs;
        g.NextMs = end;
        var usd = 0.0;
        long requests = 0;
        if (g.Open.Remove(start, out var versions))
        {
            var top = double.MinValue;
            foreach (var (version, (u, r)) in versions)
            {
                usd += u;
                requests += r;
                if (u >= top)
                {
                    top = u;
                    g.Version = version;
                }
            }
        }

        var perMinute = usd / (_surgeMs / 60_000.0);
        // A window without requests is unknown, not zero: an ingestion gap must not become a baseline of $0.
        var perRequest = requests > 0 ? usd / requests : double.NaN;
        var window = (requests > 0 ? perMinute : double.NaN, perRequest);
        var (baseUsd, basePerRequest, known) = Baseline(g);
        if (g.AlertId is not null)
        {
            EvaluateFiringSurge(g, start, end, perMinute, perRequest, baseUsd, basePerRequest, alerts);
            return; // windows of a surge never enter the baseline
        }

        var breach = known >= SpendSurgeOptions.MinKnownBaseline && requests > 0
            && perMinute >= Surge.Ratio * baseUsd
            && perMinute - baseUsd >= Surge.MinIncreaseUsdPerMinute
            && perRequest >= Surge.PerRequestRatio * basePerRequest;
        if (!breach)
        {
            g.Run = 0;
            g.Push(window, Surge.BaselineWindows);
            return;
        }

        if (g.Run++ == 0)
        {
            g.RunStartMs = start;
            g.PeakUsdPerMinute = double.MinValue;
        }

        if (perMinute > g.PeakUsdPerMinute)
        {
            g.PeakUsdPerMinute = perMinute;
            g.PeakPerRequest = perRequest;
        }

        if (g.Run < Surge.Sustain || g.Dims is null)
        {
            return; // a surging window, kept out of the baseline, but not yet sustained
        }

        g.StartsAt = g.RunStartMs;
        g.AlertId = AlertId(SurgeRule, g.Dims, g.StartsAt);
        g.Run = 0;
        var row = SurgeRow(g, start, end);
        alerts.Add(AlertFactory.Create(row, g.AlertId, SurgeRule, CostMetricNames.CostUsd, Statistic.Sum, Severity.Warning,
            AlertStatus.Firing, (end, g.StartsAt, null), perMinute, Surge.Ratio * baseUsd,
            string.Create(CultureInfo.InvariantCulture,
                $"spend of {AlertFactory.Where(row)} is ${perMinute:F2}/min, {perMinute / baseUsd:F1}× its baseline ${baseUsd:F2}/min; spend per request ${basePerRequest:F4} before, ${perRequest:F4} now ({perRequest / basePerRequest:F1}×), so traffic alone does not explain it"))
            with { ExpectedValue = baseUsd });
    }

    private void EvaluateFiringSurge(SpendSurgeState g, long start, long end, double perMinute, double perRequest, double baseUsd,
        double basePerRequest, List<AlertEvent> alerts)
    {
        if (perMinute > g.PeakUsdPerMinute)
        {
            g.PeakUsdPerMinute = perMinute;
            g.PeakPerRequest = perRequest;
        }

        if (!(perMinute < Surge.ResolveRatio * baseUsd))
        {
            g.Run = 0;
            return;
        }

        if (g.Run++ == 0)
        {
            g.RunStartMs = start;
        }

        if (g.Run < Surge.ResolveWindows || g.Dims is null)
        {
            return;
        }

        var row = SurgeRow(g, start, end);
        alerts.Add(AlertFactory.Create(row, g.AlertId!, SurgeRule, CostMetricNames.CostUsd, Statistic.Sum, Severity.Warning,
            AlertStatus.Resolved, (end, g.StartsAt, g.RunStartMs), perMinute, Surge.Ratio * baseUsd,
            string.Create(CultureInfo.InvariantCulture,
                $"spend of {AlertFactory.Where(row)} is back to ${perMinute:F2}/min, under {Surge.ResolveRatio:0.##}× its baseline ${baseUsd:F2}/min (peak ${g.PeakUsdPerMinute:F2}/min at ${g.PeakPerRequest:F4} per request, baseline ${basePerRequest:F4})"))
            with { ExpectedValue = baseUsd });
        g.AlertId = null;
        g.Run = 0;
    }

    /// <summary>Medians of spend per minute and spend per request over the known baseline windows, and how many are known.</summary>
    private static (double Usd, double PerRequest, int Known) Baseline(SpendSurgeState g)
    {
        var usd = new List<double>(g.Baseline.Count);
        var perRequest = new List<double>(g.Baseline.Count);
        foreach (var (u, p) in g.Baseline)
        {
            if (!double.IsNaN(u))
            {
                usd.Add(u);
                perRequest.Add(p);
            }
        }

        return (Median(usd), Median(perRequest), usd.Count);
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static MetricRow SurgeRow(SpendSurgeState g, long start, long end) => CostRow(g.Dims!, g.Version, start, end);
}
