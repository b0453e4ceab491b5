using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AiObsStream.Cli.Tests.Report;

/// <summary>
/// The report of the bundled trace in a real browser (headless Chromium): every chart drawn with data, no script error,
/// and the summary's numbers and the incident list equal to what the output files say (computed here, independently of
/// the report's code).
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class ReportBrowserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-report-browser-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunReport_BundledTrace_EveryChartDrawnNoErrorsSummaryMatchesOutputs()
    {
        var outDir = Path.Combine(_dir, "out");
        var stdout = AiobsProcess.RunOk("run", "--out", outDir, "-q", "--report");
        var report = Path.Combine(outDir, "report.html");
        Assert.Contains("Report: " + report, stdout, StringComparison.Ordinal);

        var html = await File.ReadAllTextAsync(report);
        Assert.InRange(new FileInfo(report).Length, 50_000, 5_000_000);
        Assert.DoesNotMatch(SelfContainedViolation(), html); // no external script, style or image: opens offline

        var dom = await Chromium.RunAsync(report, Path.Combine(_dir, "profile-dom"), "--dump-dom");
        var body = BodyTag().Match(dom);
        Assert.True(body.Success, "no <body> in the dumped DOM");
        var errors = ScriptErrors().Match(dom).Groups[1].Value;
        Assert.True(Attr(body.Value, "data-errors") == "0", "script errors: " + errors);
        Assert.Equal("1", Attr(body.Value, "data-ready"));

        var figures = FigureTag().Matches(dom).Select(m => m.Value).ToList();
        Assert.NotEmpty(figures);
        Assert.Equal(figures.Count.ToString(CultureInfo.InvariantCulture), Attr(body.Value, "data-charts"));
        foreach (var f in figures)
        {
            Assert.True(Attr(f, "data-rendered") == "1", "chart not drawn: " + f);
            Assert.True(int.Parse(Attr(f, "data-points"), CultureInfo.InvariantCulture) > 0, "chart drawn without data: " + f);
        }

        // The trace has one deployment on one GPU: its latency, TTFT, GPU and spend charts must all be there.
        foreach (var title in new[] { "Latency p50 / p95 / p99", "Time to first token", "GPU utilization", "Spend per deployment" })
        {
            Assert.Contains(figures, f => Attr(f, "aria-label").StartsWith(title, StringComparison.Ordinal));
        }

        var expected = Expected(outDir);
        var shown = SummaryNumber().Matches(dom).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value), StringComparer.Ordinal);
        foreach (var (key, value) in expected.Numbers)
        {
            Assert.True(shown.TryGetValue(key, out var text), $"summary has no {key}");
            Assert.Equal(value, text);
        }

        var rows = IncidentRow().Matches(dom).Select(m => (Id: Attr(m.Value, "data-incident"), Cause: Attr(m.Value, "data-cause"), Open: Attr(m.Value, "data-open") == "1"))
            .OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Incidents, rows);

        var png = Path.Combine(_dir, "report.png");
        await Chromium.RunAsync(report, Path.Combine(_dir, "profile-shot"), "--window-size=1280,2000", "--hide-scrollbars", "--screenshot=" + png);
        var bytes = await File.ReadAllBytesAsync(png);
        Assert.True(bytes.Length > 30_000, $"screenshot of {bytes.Length} bytes: a blank page?");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
    }

    /// <summary>The summary's numbers and the incidents as the output files give them (read here, not by the report's code).</summary>
    private static (Dictionary<string, string> Numbers, List<(string Id, string Cause, bool Open)> Incidents) Expected(string dir)
    {
        double records = 0, rejected = 0, spend = 0;
        long first = long.MaxValue, last = long.MinValue;
        var inputs = new HashSet<string>(StringComparer.Ordinal);
        var deployments = new HashSet<string>(StringComparer.Ordinal);
        var gpus = new HashSet<string>(StringComparer.Ordinal);
        string[] gpuMetrics = ["gpu_util", "fb_used_pct", "gpu_temp_c", "power_w", "ecc_sbe", "ecc_dbe", "xid", "xid_critical"];
        foreach (var e in Lines(dir, "metrics.jsonl"))
        {
            var metric = e.GetProperty("Metric").GetString();
            var source = e.GetProperty("Source").GetString();
            var sum = e.TryGetProperty("Sum", out var s) ? s.GetDouble() : 0;
            first = Math.Min(first, e.GetProperty("WindowStart").GetDateTimeOffset().ToUnixTimeMilliseconds());
            last = Math.Max(last, e.GetProperty("WindowEnd").GetDateTimeOffset().ToUnixTimeMilliseconds());
            records += metric == "ingest_records" ? sum : 0;
            rejected += metric == "ingest_rejected" ? sum : 0;
            spend += metric == "cost_usd" ? sum : 0;
            if (metric is "ingest_records" or "ingest_rejected")
            {
                inputs.Add(e.GetProperty("Resource").GetString()!);
            }

            if (e.GetProperty("Deployment").GetString() is { Length: > 0 } d && source != "DCGM")
            {
                deployments.Add(d);
            }

            if (source == "DCGM" && gpuMetrics.Contains(metric))
            {
                gpus.Add(e.GetProperty("Host").GetString() + "/" + e.GetProperty("Gpu").GetString());
            }
        }

        var deadLetters = Lines(dir, "deadletter.jsonl").Select(e => e.GetProperty("Input").GetString()!).ToList();
        inputs.UnionWith(deadLetters);
        var incidents = new Dictionary<string, (string Cause, string Status)>(StringComparer.Ordinal);
        foreach (var e in Lines(dir, "incidents.jsonl"))
        {
            incidents[e.GetProperty("IncidentId").GetString()!] = (e.GetProperty("Cause").GetString()!, e.GetProperty("Status").GetString()!);
        }

        var alerts = Lines(dir, "alerts.jsonl").Where(e => e.GetProperty("Status").GetString() == "Firing").Select(e => e.GetProperty("AlertId").GetString()).Distinct().Count();
        static string N(double v) => v.ToString("#,0", CultureInfo.InvariantCulture);
        static string T(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["first"] = T(first),
            ["last"] = T(last),
            ["records"] = N(records),
            ["rejected"] = N(rejected),
            ["inputs"] = N(inputs.Count),
            ["deadletters"] = N(deadLetters.Count),
            ["deployments"] = N(deployments.Count),
            ["gpus"] = N(gpus.Count),
            ["incidents"] = N(incidents.Count),
            ["open"] = N(incidents.Values.Count(i => i.Status != "Resolved")),
            ["alerts"] = N(alerts),
            ["notifications"] = N(Lines(dir, "notifications.jsonl").Count()),
            ["spend"] = spend.ToString("0.00##", CultureInfo.InvariantCulture),
        };
        foreach (var cause in incidents.Values.GroupBy(i => i.Cause, StringComparer.Ordinal))
        {
            numbers["cause-" + cause.Key] = N(cause.Count());
        }

        Assert.True(records > 0 && incidents.Count > 0, "the bundled trace gave no records or no incidents");
        return (numbers, [.. incidents.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => (i.Key, i.Value.Cause, i.Value.Status != "Resolved"))]);
    }

    private static IEnumerable<JsonElement> Lines(string dir, string file) =>
        File.ReadLines(Path.Combine(dir, file)).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone());

    private static string Attr(string tag, string name)
    {
        var m = Regex.Match(tag, "\\s" + Regex.Escape(name) + "=\"([^\"]*)\"");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : string.Empty;
    }

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex BodyTag();

    [GeneratedRegex("<figure class=\"chart\"[^>]*>")]
    private static partial Regex FigureTag();

    [GeneratedRegex("<tr data-incident=[^>]*>")]
    private static partial Regex IncidentRow();

    [GeneratedRegex("<span data-n=\"([^\"]+)\">([^<]*)</span>")]
    private static partial Regex SummaryNumber();

    [GeneratedRegex("<ul id=\"script-errors\">(.*?)</ul>", RegexOptions.Singleline)]
    private static partial Regex ScriptErrors();

    [GeneratedRegex("<script[^>]+src=|<link[^>]+href=|<img[^>]+src=\"http", RegexOptions.IgnoreCase)]
    private static partial Regex SelfContainedViolation();
}
