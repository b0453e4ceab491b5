using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Drift;

/// <content>Alert lifecycle: Firing after sustained flagged windows, Resolved after sustained clear ones.</content>
public sealed partial class QualityDriftMonitor
{
    private void Advance(VersionDriftState state, string signal, DriftMeasures m, bool flagged, long start, long end,
        List<AlertEvent> alerts)
    {
        if (flagged)
        {
            state.ExcludeRecent();
            state.ClearRun = 0;
            state.FlagRun++;
            if (!state.Firing && state.FlagRun >= _options.SustainWindows)
            {
                state.Firing = true;
                state.StartsAt = Onset(state, m);
                state.AlertId = StableHash64.Combine(
                        StableHash64.Combine(StableHash64.Of(QualityDriftOptions.RuleName), StableHash64.Of(state.Dims!.Deployment)),
                        StableHash64.Combine(StableHash64.Combine(StableHash64.Of(state.Version), StableHash64.Of(signal)),
                            StableHash64.Combine((ulong)state.Dims.Source, (ulong)state.StartsAt)))
                    .ToString("x16", CultureInfo.InvariantCulture);
                alerts.Add(Build(state, signal, m, AlertStatus.Firing, end, null));
            }

            return;
        }

        state.FlagRun = 0;
        state.ClearRun++;
        if (state.Firing && state.ClearRun >= _options.ClearWindows)
        {
            state.Firing = false;
            var clearStart = start - ((state.ClearRun - 1) * (end - start));
            alerts.Add(Build(state, signal, m, AlertStatus.Resolved, end, clearStart));
        }
    }

    /// <summary>
    /// Since when: the first window of the version when the reference is the previous version; otherwise the first
    /// recent window whose own mean moved at least half of the whole shift, in its direction.
    /// </summary>
    private static long Onset(VersionDriftState state, DriftMeasures m)
    {
        if (state.Reference is not null)
        {
            return state.FirstWindowStart;
        }

        var shift = m.CurrentMean - m.ReferenceMean;
        foreach (var (start, sketch, _) in state.Recent)
        {
            if (sketch.Count > 0 && ((sketch.Sum / sketch.Count) - m.ReferenceMean) * Math.Sign(shift) >= Math.Abs(shift) / 2)
            {
                return start;
            }
        }

        return state.Recent.Count > 0 ? state.Recent[0].Start : state.LastWindowStart;
    }

    private AlertEvent Build(VersionDriftState state, string signal, DriftMeasures m, AlertStatus status, long end,
        long? endsAt)
    {
        var dims = state.Dims!;
        var row = new MetricRow
        {
            WindowStartMs = state.LastWindowStart,
            WindowEndMs = end,
            Metric = signal,
            Dims = dims,
            ModelVersion = state.Version,
            Count = m.CurrentCount,
            Sum = double.NaN,
            Min = double.NaN,
            Max = double.NaN,
            Mean = m.CurrentMean,
        };
        var share = signal == QualityDriftOptions.ErrorShareSignal;
        var value = share ? m.Effect : m.Psi;
        var threshold = share ? _options.MinCohensH : _options.MinPsi;
        var alert = AlertFactory.Create(row, state.AlertId, QualityDriftOptions.RuleName, signal, Statistic.Mean,
            Severity.Warning, status, (end, state.StartsAt, endsAt), value, threshold, Summary(state, signal, m, status));
        return alert with
        {
            Score = share ? m.Wasserstein : m.NormalizedWasserstein,
            ExpectedValue = m.ReferenceMean,
        };
    }

    private static string Summary(VersionDriftState state, string signal, DriftMeasures m, AlertStatus status)
    {
        var d = state.Dims!;
        var against = state.Reference is not null ? "previous version " + state.ReferenceVersion : "trailing baseline";
        var since = DateTimeOffset.FromUnixTimeMilliseconds(state.StartsAt).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var size = signal == QualityDriftOptions.ErrorShareSignal
            ? string.Create(CultureInfo.InvariantCulture, $"share {m.ReferenceMean:P2} -> {m.CurrentMean:P2} (Cohen's h {m.Effect:0.00}")
            : string.Create(CultureInfo.InvariantCulture,
                $"mean {m.ReferenceMean:0.###} -> {m.CurrentMean:0.###} (PSI {m.Psi:0.00}, JS {m.JensenShannon:0.000}, W1 {m.Wasserstein:0.###} = {m.NormalizedWasserstein:0.00} sd, KS D {m.KsStatistic:0.000}");
        var head = status == AlertStatus.Firing ? "quality drift" : "quality drift resolved";
        return string.Create(CultureInfo.InvariantCulture,
            $"{head}: {signal} of {d.Deployment} {state.Version} ({d.Source}) vs {against}: {size}, p {m.PValue:0.##E+0}, n {m.CurrentCount} vs {m.ReferenceCount}) since {since}");
    }
}
