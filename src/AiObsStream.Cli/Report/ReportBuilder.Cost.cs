namespace AiObsStream.Cli.Report;

/// <summary>Spend per deployment per window, hour and day, the 7-day forecast, cost per 1K tokens by version.</summary>
internal sealed partial class ReportBuilder
{
    private const long HourMs = 3_600_000;
    private const long DayMs = 24 * HourMs;

    private readonly Dictionary<(string Deployment, long Day), double> _spendPerDay = [];
    private readonly Dictionary<string, (long AtMs, double Usd)> _forecast = new(StringComparer.Ordinal);
    private double _spend;
    private long _spendRows;
    private double _unpricedTokens;
    private double _unpricedGpuS;

    private void AddCostRow(MetricRow row)
    {
        var deployment = row.Deployment.Length > 0 ? row.Deployment : "(no deployment)";
        switch (row.Metric)
        {
            case "cost_usd" when IsSet(row.Sum):
                // cost_usd is the bill (one source per call; README "Cost"); cost_usd_shadow only reconciles sources.
                _spend += row.Sum;
                _spendRows++;
                Chart($"{Cost}/window", Cost, "spend", "Spend per deployment per window (USD)", "USD").Line(deployment, Merge.Sum).Add(row.WindowStartMs, row.Sum);
                var hourly = Chart($"{Cost}/hour", Cost, "spend", "Spend per deployment per hour (USD)", "USD");
                hourly.StepMs = HourMs;
                hourly.Line(deployment, Merge.Sum)
                    .Add(row.WindowStartMs - (row.WindowStartMs % HourMs), row.Sum);
                var day = (deployment, row.WindowStartMs - (row.WindowStartMs % DayMs));
                _spendPerDay[day] = _spendPerDay.GetValueOrDefault(day) + row.Sum;
                break;
            case "cost_per_1k_tokens_usd":
                var version = row.ModelVersion.Length > 0 ? row.ModelVersion : "(no version)";
                Chart($"{Cost}/per1k", Cost, "unit cost", "Cost per 1K tokens by deployment and model version (USD)", "USD")
                    .Line(deployment + " " + version, Merge.Mean).Add(row.WindowStartMs, row.Mean);
                break;
            case "cost_forecast_7d_usd" when IsSet(row.Sum):
                Chart($"{Cost}/forecast", Cost, "forecast", "7-day spend forecast per deployment (USD, made each UTC midnight)", "USD")
                    .Line(deployment, Merge.Max).Add(row.WindowStartMs, row.Sum);
                if (!_forecast.TryGetValue(deployment, out var f) || f.AtMs <= row.WindowStartMs)
                {
                    _forecast[deployment] = (row.WindowStartMs, row.Sum);
                }

                break;
            case "cost_unpriced_tokens" when IsSet(row.Sum):
                _unpricedTokens += row.Sum;
                break;
            case "cost_unpriced_gpu_s" when IsSet(row.Sum):
                _unpricedGpuS += row.Sum;
                break;
            default:
                break;
        }
    }

    private void FinishCost()
    {
        if (_spendRows == 0)
        {
            Note(Cost, "No cost_usd rows (no priced token or GPU usage): no spend charts.");
        }

        if (!_byId.ContainsKey($"{Cost}/per1k"))
        {
            Note(Cost, "No cost_per_1k_tokens_usd rows: no unit-cost chart.");
        }

        if (_forecast.Count == 0)
        {
            Note(Cost, "No cost_forecast_7d_usd rows (a forecast is written at each UTC midnight the run crosses): no forecast.");
        }
        else
        {
            _tables.Add(new TableData("forecast-table", Cost, "Latest 7-day spend forecast per deployment",
                ["deployment", "made at", "next 7 days USD"],
                [.. _forecast.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (IReadOnlyList<string>)[f.Key, Format.Time(f.Value.AtMs), Format.Usd(f.Value.Usd)])]));
        }

        if (_spendPerDay.Count > 0)
        {
            _tables.Add(new TableData("spend-day-table", Cost, "Spend per deployment per day (UTC)",
                ["deployment", "day", "USD"],
                [.. _spendPerDay.OrderBy(d => d.Key.Deployment, StringComparer.Ordinal).ThenBy(d => d.Key.Day)
                    .Select(d => (IReadOnlyList<string>)[d.Key.Deployment, Format.Day(d.Key.Day), Format.Usd(d.Value)])]));
        }

        if (_unpricedTokens > 0 || _unpricedGpuS > 0)
        {
            Note(Cost, $"Not priced (no price entry; see README \"Cost\"): {Format.Number(_unpricedTokens)} tokens, {Format.Number(_unpricedGpuS)} GPU-seconds.");
        }
    }
}
