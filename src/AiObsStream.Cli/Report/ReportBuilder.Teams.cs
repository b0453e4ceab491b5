namespace AiObsStream.Cli.Report;

/// <summary>
/// Spend per team and per project: the <c>Team</c> / <c>Project</c> columns the engine writes on cost rows (config
/// <c>costTags</c>, README "Configuration"), summed per hour (charts) and per UTC day (table). Untagged spend is its own
/// line, "(untagged)", so the lines add up to the bill.
/// </summary>
internal sealed partial class ReportBuilder
{
    internal const string Untagged = "(untagged)";

    private readonly Dictionary<(string Kind, string Name, long Day), double> _spendPerTagDay = [];
    private bool _tagged;

    private void AddTeamRow(MetricRow row)
    {
        if (!string.Equals(row.Metric, "cost_usd", StringComparison.Ordinal) || !IsSet(row.Sum))
        {
            return;
        }

        _tagged |= row.Team.Length > 0 || row.Project.Length > 0;
        var hour = row.WindowStartMs - (row.WindowStartMs % HourMs);
        var day = row.WindowStartMs - (row.WindowStartMs % DayMs);
        foreach (var (kind, name) in (ReadOnlySpan<(string, string)>)[("team", row.Team), ("project", row.Project)])
        {
            var label = name.Length > 0 ? name : Untagged;
            var chart = Chart($"{Cost}/{kind}", Cost, "teams", $"Spend per {kind} per hour (USD; cost tags)", "USD");
            chart.StepMs = HourMs;
            chart.Line(label, Merge.Sum).Add(hour, row.Sum);
            var key = (kind, label, day);
            _spendPerTagDay[key] = _spendPerTagDay.GetValueOrDefault(key) + row.Sum;
        }
    }

    private void FinishTeams()
    {
        if (_spendPerTagDay.Count == 0)
        {
            return; // FinishCost already says there are no cost rows
        }

        if (!_tagged)
        {
            foreach (var kind in (string[])["team", "project"])
            {
                if (_byId.TryGetValue($"{Cost}/{kind}", out var chart))
                {
                    _charts.Remove(chart);
                }
            }

            Note(Cost, "No cost row carries a Team or Project (config costTags.{deployments, resources, default}.{team, project}): no spend per team or project.");
            return;
        }

        _tables.Add(new TableData("spend-tag-table", Cost, "Spend per team and project per day (UTC; cost tags)",
            ["by", "team / project", "day", "USD"],
            [.. _spendPerTagDay.OrderBy(d => d.Key.Kind, StringComparer.Ordinal).ThenBy(d => d.Key.Name, StringComparer.Ordinal).ThenBy(d => d.Key.Day)
                .Select(d => (IReadOnlyList<string>)[d.Key.Kind, d.Key.Name, Format.Day(d.Key.Day), Format.Usd(d.Value)])]));
    }
}
