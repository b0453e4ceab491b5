using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AiObsStream.Cli.Tests.Report;

/// <summary>
/// <c>aiobs run --report</c> on many different inputs (simulated runs with several seeds, rates and incidents, each
/// source alone, an empty file, a file of bad lines): every chart written has data (a chart without data is replaced
/// by a note), the figures match the charts, and the incident list equals incidents.jsonl. A few are opened in
/// headless Chromium as well (drawn with data, no script error).
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class ReportGeneratedInputsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-report-inputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunReport_ManyGeneratedInputs_EveryChartHasData_IncidentsMatch()
    {
        var sims = new[] { ("1", "1", "load-burst@7"), ("2", "0.5", "gpu-ecc@6"), ("3", "3", "version-regression@7") }
            .Select(s => Simulate(s.Item1, s.Item2, s.Item3)).ToList();
        string[] Files(string dir, params string[] names) => [.. names.Select(n => Path.Combine(dir, n))];
        var empty = Path.Combine(_dir, "empty.jsonl");
        await File.WriteAllTextAsync(empty, string.Empty);
        var bad = Path.Combine(_dir, "bad.jsonl");
        await File.WriteAllTextAsync(bad, "not json\n{\"a\":1}\n{\"records\":\"x\"}\n");
        var cases = new List<(string Name, string[] Inputs, bool Browser)>
        {
            ("sim1", SimInputs(sims[0]), false),
            ("sim2", SimInputs(sims[1]), true),
            ("sim3", SimInputs(sims[2]), false),
            ("dcgm-only", Files(sims[0], "dcgm.prom"), true),
            ("aoai-only", Files(sims[1], "aoai-diagnostics.jsonl"), false),
            ("appinsights-only", Files(sims[2], "appinsights-dependencies.jsonl", "appinsights-evaluations.jsonl"), false),
            ("empty", [empty], false),
            ("bad-lines", [bad], false),
        };

        foreach (var (name, inputs, browser) in cases)
        {
            var outDir = Path.Combine(_dir, name);
            AiobsProcess.RunOk(["run", "-q", "--report", "--out", outDir, .. inputs.SelectMany(i => (string[])["-i", i])]);
            var html = await File.ReadAllTextAsync(Path.Combine(outDir, "report.html"));
            using var data = JsonDocument.Parse(ReportData().Match(html).Groups[1].Value);
            var charts = data.RootElement.GetProperty("charts").EnumerateArray().ToList();
            Assert.Equal(charts.Count, FigureTag().Count(html));
            foreach (var c in charts)
            {
                var values = c.GetProperty("series").EnumerateArray().Sum(s => s.GetProperty("v").EnumerateArray().Count(v => v.ValueKind == JsonValueKind.Number));
                Assert.True(values > 0, $"{name}: chart {c.GetProperty("id").GetString()} has no data");
            }

            Assert.DoesNotContain("<section id=\"forecast\"", html, StringComparison.Ordinal); // minutes of input: no forecast rows, no section
            var expected = File.ReadLines(Path.Combine(outDir, "incidents.jsonl")).Where(l => l.Length > 0)
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("IncidentId").GetString()!).Distinct().Order(StringComparer.Ordinal);
            var listed = IncidentRow().Matches(html).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
            Assert.Equal(expected, listed);
            if (name.StartsWith("sim", StringComparison.Ordinal))
            {
                Assert.True(charts.Count >= 15, $"{name}: only {charts.Count} charts");
            }

            if (browser)
            {
                var dom = await Chromium.RunAsync(Path.Combine(outDir, "report.html"), Path.Combine(_dir, "profile-" + name), "--dump-dom");
                var body = Regex.Match(dom, "<body[^>]*>").Value;
                Assert.Contains("data-errors=\"0\"", body, StringComparison.Ordinal);
                Assert.Contains($"data-charts=\"{charts.Count.ToString(CultureInfo.InvariantCulture)}\"", body, StringComparison.Ordinal);
                foreach (Match f in FigureTag().Matches(dom))
                {
                    Assert.Contains("data-rendered=\"1\"", f.Value, StringComparison.Ordinal);
                    Assert.DoesNotContain("data-points=\"0\"", f.Value, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task RunReport_LoadRamp_ForecastSectionDrawsTheLatestForecastWithItsBand()
    {
        var input = Path.Combine(_dir, "in-ramp");
        AiobsProcess.RunOk(["simulate", "--load-ramp", "Ramp", "--seed", "2", "--out", input]);
        var outDir = Path.Combine(_dir, "ramp");
        AiobsProcess.RunOk(["run", "-q", "--report", "--out", outDir, "-i", Path.Combine(input, "dcgm.prom")]);

        // The latest forecast of chat-prod's utilization, read from metrics.jsonl independently of the report's code.
        var rows = File.ReadLines(Path.Combine(outDir, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("Metric").GetString() == "forecast_gpu_util" && r.GetProperty("Deployment").GetString() == "chat-prod"
                && r.GetProperty("Gpu").GetString() == string.Empty)
            .Select(r => (Start: DateTimeOffset.Parse(r.GetProperty("WindowStart").GetString()!, CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
                H: int.Parse(r.GetProperty("OtherDims").GetString()!["HorizonHours=".Length..], CultureInfo.InvariantCulture),
                Mean: r.GetProperty("Mean").GetDouble(), Min: r.GetProperty("Min").GetDouble(), Max: r.GetProperty("Max").GetDouble()))
            .ToList();
        Assert.NotEmpty(rows);
        var issued = rows.Max(r => r.Start - (r.H * 3600));
        var latest = rows.Where(r => r.Start - (r.H * 3600) == issued).OrderBy(r => r.Start).ToList();
        Assert.Equal(6, latest.Count); // the default horizon

        var html = await File.ReadAllTextAsync(Path.Combine(outDir, "report.html"));
        Assert.Contains("<section id=\"forecast\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#forecast\">Forecasts</a>", html, StringComparison.Ordinal);
        using var data = JsonDocument.Parse(ReportData().Match(html).Groups[1].Value);
        var chart = Assert.Single(data.RootElement.GetProperty("charts").EnumerateArray(), c => c.GetProperty("id").GetString() == "forecast/chat-prod/gpu");
        var x = chart.GetProperty("x").EnumerateArray().Select(v => (long)v.GetDouble()).ToList();
        var series = chart.GetProperty("series").EnumerateArray().ToDictionary(s => s.GetProperty("label").GetString()!,
            s => s.GetProperty("v").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null).ToList());
        Assert.Equal(["measured", "forecast", "interval upper", "interval lower"], series.Keys);
        Assert.Equal([[3, 4]], chart.GetProperty("bands").EnumerateArray().Select(b => b.EnumerateArray().Select(i => i.GetInt32()).ToArray()));
        foreach (var r in latest)
        {
            var i = x.IndexOf(r.Start);
            Assert.True(i >= 0, $"no point at {r.Start}");
            Assert.Equal(Math.Round(r.Mean, 6), series["forecast"][i]);
            Assert.Equal(Math.Round(r.Max, 6), series["interval upper"][i]);
            Assert.Equal(Math.Round(r.Min, 6), series["interval lower"][i]);
        }

        var measured = series["measured"].Count(v => v is not null);
        Assert.InRange(measured, 24, 48); // the two days before the forecast was issued
        Assert.True(x.Where((t, i) => series["measured"][i] is not null).All(t => t < issued), "history ends where the forecast begins");

        var dom = await Chromium.RunAsync(Path.Combine(outDir, "report.html"), Path.Combine(_dir, "profile-ramp"), "--dump-dom");
        Assert.Contains("data-errors=\"0\"", Regex.Match(dom, "<body[^>]*>").Value, StringComparison.Ordinal);
        foreach (Match f in FigureTag().Matches(dom))
        {
            Assert.Contains("data-rendered=\"1\"", f.Value, StringComparison.Ordinal);
        }
    }

    private static string[] SimInputs(string dir) =>
        [.. Directory.GetFiles(dir).Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private string Simulate(string seed, string rate, string incident)
    {
        var dir = Path.Combine(_dir, "in-" + seed);
        AiobsProcess.RunOk(["simulate", "--out", dir, "--minutes", "15", "--seed", seed, "--rate-scale", rate, "--incident", incident]);
        return dir;
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ReportData();

    [GeneratedRegex("<figure class=\"chart\"[^>]*>")]
    private static partial Regex FigureTag();

    [GeneratedRegex("<tr data-incident=\"([^\"]+)\"")]
    private static partial Regex IncidentRow();
}
