namespace AiObsStream.Cli.Report;

/// <summary>A vertical mark on a time chart: a rollout, a rollback, an incident opening.</summary>
internal sealed record Marker(long TimeMs, string Label, string Kind);

/// <summary>One chart of the report: its place (section, group), title, unit, lines and marks.</summary>
internal sealed class ChartData(string id, string section, string group, string title, string unit)
{
    private readonly List<(string Label, TimeSeries Series)> _series = [];

    public string Id { get; } = id;

    public string Section { get; } = section;

    public string Group { get; } = group;

    public string Title { get; } = title;

    public string Unit { get; } = unit;

    /// <summary>Which source's rows the chart shows, when several sources saw the same calls.</summary>
    public string Source { get; set; } = string.Empty;

    public List<Marker> Markers { get; } = [];

    /// <summary>Lines drawn as a shaded band between them (upper label, lower label): a forecast's interval.</summary>
    public List<(string Upper, string Lower)> Bands { get; } = [];

    /// <summary>Width of the chart's periods (hourly sums: an hour), so a chart of one point still gets a time axis around it.</summary>
    public long StepMs { get; set; }

    /// <summary>Scale values by this before drawing (shares → %).</summary>
    public double Scale { get; init; } = 1;

    public IReadOnlyList<(string Label, TimeSeries Series)> Series => _series;

    /// <summary>The line of that label, created on first use.</summary>
    public TimeSeries Line(string label, Merge merge)
    {
        foreach (var (l, s) in _series)
        {
            if (string.Equals(l, label, StringComparison.Ordinal))
            {
                return s;
            }
        }

        var series = new TimeSeries(merge);
        _series.Add((label, series));
        return series;
    }

    /// <summary>True when at least one line has a value to draw.</summary>
    public bool HasData => _series.Any(s => s.Series.Count > 0);

    /// <summary>Values added over all lines (how much evidence the chart rests on).</summary>
    public long Values => _series.Sum(s => s.Series.Values);
}
