using System.Globalization;
using System.IO.Compression;
using System.Text;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;
using AiObsStream.TestKit;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>
/// The clean units the fuzz tests mutate: slices of the bundled H100 trace, simulator output, and Audit / AllMetrics
/// bodies written from formats.md §1.2–1.3 (neither the trace nor the simulator has those record types).
/// </summary>
internal static class FuzzCorpus
{
    private static readonly Lazy<SimulationResult> Sim = new(() => TrafficSimulator.Generate(
        new SimulationOptions { Minutes = 3, Seed = 7, RateScale = 0.2 }));

    /// <summary>Azure OpenAI RequestResponse bodies (properties as object and as JSON string).</summary>
    public static List<byte[]> AoaiBodies() =>
        [.. TraceLines("aoai-diagnostics.jsonl.gz", 5), .. SimLines(s => AoaiDiagnosticsWriter.Write(s, Sim.Value.Requests), 3)];

    /// <summary>App Insights AppDependencies bodies and AppTraces evaluation bodies.</summary>
    public static List<byte[]> AppInsightsBodies() =>
    [
        .. TraceLines("appinsights-dependencies.jsonl.gz", 5),
        .. SimLines(s => AppInsightsWriter.WriteDependencies(s, Sim.Value.Requests), 2),
        .. SimLines(s => AppInsightsWriter.WriteEvaluations(s, Sim.Value.Evaluations), 2),
    ];

    /// <summary>Structured request log lines.</summary>
    public static List<byte[]> LogLines() => TraceLines("requests.jsonl.gz", 40);

    /// <summary>dcgm-exporter text as stored in a file: HELP/TYPE header, then one sample per line with a ms timestamp.</summary>
    public static List<byte[]> DcgmLines() => TraceLines("dcgm.prom.gz", 80);

    /// <summary>Azure OpenAI Audit bodies (formats.md §1.2, Elastic's captured record, times and ids varied).</summary>
    public static List<byte[]> AuditBodies()
    {
        var bodies = new List<byte[]>();
        for (var b = 0; b < 6; b++)
        {
            var records = new List<string>();
            for (var r = 0; r < 4; r++)
            {
                var n = (b * 4) + r;
                records.Add(Invariant($$"""{"AssetIdentity":"07628fea-67bb-424d-b160-fdc46c82d{{n:x3}}","Tenant":"eastus","category":"Audit","operationName":"{{(n % 3 == 0 ? "ListKey" : "RegenerateKey")}}","properties":{"objectId":"b610ab05-ce06-4cc1-a6dd-174b9f80{{n:x4}}"},"resourceId":"/SUBSCRIPTIONS/12CABCB4-86E8-404F-A3D2-1DC9982F45CA/RESOURCEGROUPS/OBS-OPENAI-SERVICE-RS/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/OBS-OPENAI-TEST-01","time":"2026-11-22T11:{{10 + b:00}}:{{r * 7:00}}.{{n * 131 % 10_000_000:0000000}}Z"}"""));
            }

            bodies.Add(Encoding.UTF8.GetBytes("{\"records\":[" + string.Join(',', records) + "]}"));
        }

        return bodies;
    }

    /// <summary>AllMetrics bodies: one point per metric per minute, no dimensions (formats.md §1.3).</summary>
    public static List<byte[]> AllMetricsBodies()
    {
        string[] metrics = ["AzureOpenAIRequests", "ProcessedPromptTokens", "GeneratedTokens", "AzureOpenAITimeToResponse", "TokenTransaction"];
        var bodies = new List<byte[]>();
        for (var b = 0; b < 6; b++)
        {
            var records = new List<string>();
            for (var m = 0; m < metrics.Length; m++)
            {
                var count = 10 + ((b * 7) + (m * 3)) % 40;
                var min = 1 + m;
                var max = 40 + (b * 11) + m;
                var total = count * (min + max) / 2.0;
                records.Add(Invariant($$"""{"count":{{count}},"total":{{total:R}},"minimum":{{min}},"maximum":{{max}},"average":{{total / count:R}},"resourceId":"/SUBSCRIPTIONS/3F2C6A7E-1B2D-4C5E-9F10-2A3B4C5D6E7F/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI-PROD-EUS2","time":"2026-11-22T10:{{41 + b:00}}:00.0000000Z","metricName":"{{metrics[m]}}","timeGrain":"PT1M"}"""));
            }

            bodies.Add(Encoding.UTF8.GetBytes("{\"records\":[" + string.Join(',', records) + "]}"));
        }

        return bodies;
    }

    /// <summary>Live-scrape expositions (0.0.4, no timestamps: dcgm-exporter sends none), one per simulated scrape.</summary>
    public static List<byte[]> ScrapeExpositions() => Expositions(openMetrics: false);

    /// <summary>
    /// The same scrapes as OpenMetrics 1.0: each family's TYPE line then all its samples (OpenMetrics 1.0: "MetricFamilies
    /// MUST NOT be interleaved", as dcgm-exporter writes them: per field, HELP/TYPE then one line per GPU), timestamps in
    /// seconds with a fraction, ending with <c># EOF</c>.
    /// </summary>
    public static List<byte[]> OpenMetricsExpositions() => Expositions(openMetrics: true);

    private static List<byte[]> Expositions(bool openMetrics)
    {
        var text = SimLines(s => DcgmTextWriter.Write(s, Sim.Value.GpuSamples), int.MaxValue).Select(l => Encoding.UTF8.GetString(l)).ToList();
        var header = text.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).ToList();
        var units = new List<byte[]>();
        foreach (var scrape in text.Where(l => !l.StartsWith('#')).GroupBy(l => l[(l.LastIndexOf(' ') + 1)..]).Take(6))
        {
            var ms = long.Parse(scrape.Key, CultureInfo.InvariantCulture);
            var body = new StringBuilder();
            if (!openMetrics)
            {
                // 0.0.4 as the trace stores it: all TYPE lines first, then the samples GPU by GPU (the text format's
                // parsers accept it; the grouping rule is enforced for OpenMetrics only).
                foreach (var h in header)
                {
                    body.Append(h).Append('\n');
                }

                foreach (var line in scrape)
                {
                    body.Append(line[..line.LastIndexOf(' ')]).Append('\n');
                }

                units.Add(Encoding.UTF8.GetBytes(body.ToString()));
                continue;
            }

            foreach (var h in header)
            {
                var family = h.Split(' ')[2];
                var samples = scrape.Where(l => l.StartsWith(family + "{", StringComparison.Ordinal)).ToList();
                if (samples.Count == 0 || h.EndsWith(" counter", StringComparison.Ordinal))
                {
                    // DCGM counters (DCGM_FI_DEV_*_TOTAL, uppercase) have no '_total' sample in OpenMetrics form.
                    continue;
                }

                body.Append(h).Append('\n');
                foreach (var line in samples)
                {
                    body.Append(Invariant($"{line[..line.LastIndexOf(' ')]} {ms / 1000}.{ms % 1000:000}\n"));
                }
            }

            body.Append("# EOF\n");
            units.Add(Encoding.UTF8.GetBytes(body.ToString()));
        }

        return units;
    }

    private static List<byte[]> TraceLines(string file, int count)
    {
        using var gz = new GZipStream(File.OpenRead(TestData.Path("h100-trace-a", file)), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        var lines = new List<byte[]>();
        while (lines.Count < count && reader.ReadLine() is { } line)
        {
            lines.Add(Encoding.UTF8.GetBytes(line));
        }

        return lines;
    }

    private static List<byte[]> SimLines(Action<Stream> write, int count)
    {
        using var stream = new MemoryStream();
        write(stream);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(count).Select(Encoding.UTF8.GetBytes)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
