namespace AiObsStream.Cli.Report;

/// <summary>RPM and TPM against the deployment's quota (from the configuration: the outputs carry none).</summary>
internal sealed partial class ReportBuilder
{
    /// <summary>
    /// Adds a constant "quota" line at the chart's own times to each deployment's kept RPM and TPM chart when the options
    /// give that deployment a TPM quota (RPM quota = TPM quota × <see cref="ReportOptions.RpmPerTpm"/>), and a table of
    /// the peak use of each quota. Deployments without one get a note, so a missing quota is never mistaken for headroom.
    /// </summary>
    private void FinishQuota()
    {
        var rows = new List<IReadOnlyList<string>>();
        var without = new List<string>();
        foreach (var deployment in _deploymentNames.Order(StringComparer.Ordinal))
        {
            var tpmChart = Kept(deployment, "tpm");
            var rpmChart = Kept(deployment, "rpm");
            if (tpmChart is null && rpmChart is null)
            {
                continue;
            }

            if (!_options.TpmQuotas.TryGetValue(deployment, out var tpm) || !(tpm > 0))
            {
                without.Add(deployment);
                continue;
            }

            var rpm = tpm * ReportOptions.RpmPerTpm;
            var peakTpm = QuotaLine(tpmChart, "TPM quota", tpm);
            var peakRpm = QuotaLine(rpmChart, "RPM quota", rpm);
            rows.Add([deployment, Format.Number(tpm), Format.Number(peakTpm), Format.Number(100 * peakTpm / tpm),
                Format.Number(rpm), Format.Number(peakRpm), Format.Number(100 * peakRpm / rpm)]);
        }

        if (rows.Count > 0)
        {
            _tables.Add(new TableData("quota-table", Deployments, $"Peak use of quota per deployment (quota from {_options.QuotaSource}; RPM quota = 6 per 1,000 TPM)",
                ["deployment", "TPM quota", "peak TPM", "peak % of TPM quota", "RPM quota", "peak RPM", "peak % of RPM quota"], rows));
        }

        if (without.Count > 0)
        {
            Note(Deployments, $"No TPM quota configured for {string.Join(", ", without)} (config quotas.<deployment>.tpm; "
                + "aiobs report --config FILE): RPM / TPM are drawn without a quota line.");
        }
    }

    /// <summary>The deployment's chart of that family that was kept (one source), or null.</summary>
    private ChartData? Kept(string deployment, string family) =>
        _candidates.TryGetValue((deployment, family), out var list) ? list.FirstOrDefault(c => _charts.Contains(c)) : null;

    /// <summary>
    /// Adds the quota line at every time the chart has a value; returns the chart's peak total: the quota is the
    /// deployment's, so the versions' lines at one time add up.
    /// </summary>
    private static double QuotaLine(ChartData? chart, string label, double quota)
    {
        if (chart is null)
        {
            return double.NaN;
        }

        var totals = new SortedDictionary<long, double>();
        foreach (var (_, series) in chart.Series)
        {
            foreach (var (t, v) in series.Points())
            {
                totals[t] = totals.GetValueOrDefault(t) + v;
            }
        }

        var line = chart.Line(label, Merge.Max);
        foreach (var t in totals.Keys)
        {
            line.Add(t, quota);
        }

        return totals.Count > 0 ? totals.Values.Max() : double.NaN;
    }
}
