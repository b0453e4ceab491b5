using System.Text;
using System.Text.Json;
using AiObsStream.Core.Events;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Json;
using AiObsStream.Formats.Prometheus;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Formats.Tests.Simulation;

public class SimulationWriterTests
{
    private static readonly IncidentSpec[] AllKinds =
    [
        new(IncidentKind.QualityDrift, 2), new(IncidentKind.LatencyRegression, 1), new(IncidentKind.GpuThermal, 3),
        new(IncidentKind.SpendSpike, 4), new(IncidentKind.Http429Storm, 5), new(IncidentKind.IngestionGap, 6),
    ];

    private static string Write(int seed, string? dir = null)
    {
        dir ??= Path.Combine(Path.GetTempPath(), "aiobs-sim-" + Guid.NewGuid().ToString("N"));
        var options = new SimulationOptions { Minutes = 8, Seed = seed, RateScale = 0.3, Incidents = AllKinds };
        SimulationWriter.WriteAll(dir, TrafficSimulator.Generate(options));
        return dir;
    }

    private static string[] Files =>
    [
        SimulationWriter.AoaiFile, SimulationWriter.DependenciesFile, SimulationWriter.EvaluationsFile,
        SimulationWriter.DcgmFile, SimulationWriter.GroundTruthFile,
    ];

    private static List<TelemetryEvent> ParseJsonLines(string path)
    {
        using var parser = new EventHubsBodyParser();
        using var buffer = new EventBuffer(64);
        var events = new List<TelemetryEvent>();
        var rejects = new List<ParseError>();
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            buffer.Clear();
            Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(text), buffer, rejects, out var failure), $"{path}:{line}: {failure.Message}");
            Assert.True(rejects.Count == 0, $"{path}:{line}: {(rejects.Count > 0 ? rejects[0].Message : "")}");
            events.AddRange(buffer.Span.ToArray());
        }

        Assert.Equal(0, parser.IgnoredRecords);
        return events;
    }

    [Fact]
    public void WriteAll_SameSeed_ByteIdenticalFiles()
    {
        string a = Write(11);
        string b = Write(11);
        string c = Write(12);

        foreach (var file in Files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
        }

        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a, SimulationWriter.AoaiFile)), File.ReadAllBytes(Path.Combine(c, SimulationWriter.AoaiFile)));
    }

    [Fact]
    public void WriteAll_AoaiAndDependencies_EveryUnitParsesWithoutRejects()
    {
        string dir = Write(3);

        var aoai = ParseJsonLines(Path.Combine(dir, SimulationWriter.AoaiFile));
        var deps = ParseJsonLines(Path.Combine(dir, SimulationWriter.DependenciesFile));

        Assert.All(aoai, e => Assert.Equal((EventKind.Request, TelemetrySource.AzureOpenAI), (e.Kind, e.Dims.Source)));
        Assert.All(deps, e => Assert.Equal((EventKind.Request, TelemetrySource.AppInsights), (e.Kind, e.Dims.Source)));
        Assert.True(deps.Count > aoai.Count); // the ingestion gap drops AOAI records only
        Assert.Equal(["chat-mini", "chat-prod", "embed"], aoai.Select(e => e.Dims.Deployment).Distinct().Order());
        Assert.Contains(aoai, e => e.Status == 429 && e.Dims.Deployment == "chat-mini");
        Assert.Contains(deps, e => e.Dims.ModelVersion == "2024-11-20");
        Assert.Contains(deps, e => e.TtftMs > 0 && e.PromptTokens > 0 && e.CompletionTokens > 0);
    }

    [Fact]
    public void WriteAll_Aoai_PropertiesStringInTwoRecordsOfThree()
    {
        string dir = Write(3);
        int strings = 0, objects = 0;
        foreach (var line in File.ReadLines(Path.Combine(dir, SimulationWriter.AoaiFile)))
        {
            foreach (var record in JsonDocument.Parse(line).RootElement.GetProperty("records").EnumerateArray())
            {
                var kind = record.GetProperty("properties").ValueKind;
                strings += kind == JsonValueKind.String ? 1 : 0;
                objects += kind == JsonValueKind.Object ? 1 : 0;
                Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", record.GetProperty("time").GetString());
            }
        }

        Assert.InRange(strings - (2 * objects), -2, 2);
    }

    [Fact]
    public void WriteAll_Evaluations_ParseAsEvaluationEvents()
    {
        string dir = Write(3);

        var evaluations = ParseJsonLines(Path.Combine(dir, SimulationWriter.EvaluationsFile));

        Assert.NotEmpty(evaluations);
        Assert.All(evaluations, e => Assert.Equal(EventKind.Evaluation, e.Kind));
        Assert.All(evaluations, e => Assert.InRange(e.Value, 1, 5));
        Assert.Equal(["groundedness", "relevance"], evaluations.Select(e => e.Metric).Distinct().Order());
        Assert.Contains(evaluations, e => e.Dims.Deployment == "chat-prod" && e.Dims.ModelVersion == "2024-11-20");
    }

    [Fact]
    public void WriteAll_Dcgm_EveryLineParsesAsGpuSamples()
    {
        string dir = Write(3);
        var parser = new PrometheusTextParser();
        using var buffer = new EventBuffer(64);
        int line = 0;
        foreach (var text in File.ReadLines(Path.Combine(dir, SimulationWriter.DcgmFile)))
        {
            line++;
            Assert.True(parser.TryParseLine(Encoding.UTF8.GetBytes(text), 0, buffer, out var failure), $"line {line}: {failure.Message}");
        }

        var events = buffer.Span.ToArray();
        Assert.Equal(0, parser.SkippedSamples);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(EventKind.GpuSample, e.Kind));
        Assert.Equal(["chat-mini", "chat-prod", "embed"], events.Select(e => e.Dims.Deployment).Distinct().Order());
        Assert.Contains(events, e => e.Metric == DcgmFields.GpuTemp && e.Value >= 80);
    }

    [Fact]
    public void WriteAll_GroundTruth_ListsInjectedWindows()
    {
        string dir = Write(3);

        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, SimulationWriter.GroundTruthFile))).RootElement;
        var incidents = root.GetProperty("incidents").EnumerateArray().ToList();

        Assert.Equal(AllKinds.Select(k => k.ToString()), incidents.Select(i => i.GetProperty("spec").GetString()));
        var storm = incidents[4];
        Assert.Equal("2026-11-22T00:05:00.000Z", storm.GetProperty("start").GetString());
        Assert.Equal("2026-11-22T00:08:00.000Z", storm.GetProperty("end").GetString()); // clipped to the 8-minute run
        Assert.Equal("chat-mini", storm.GetProperty("deployment").GetString());
        Assert.Equal("2026-11-22T00:02:00.000Z", root.GetProperty("release").GetProperty("at").GetString());
    }

    [Fact]
    public void WriteAll_GpuEccAndNewKinds_DcgmParsesWithEccCounterAndXidLabels()
    {
        string dir = Path.Combine(Path.GetTempPath(), "aiobs-sim-" + Guid.NewGuid().ToString("N"));
        var options = new SimulationOptions
        {
            Minutes = 12,
            Seed = 4,
            RateScale = 0.2,
            Incidents = [new(IncidentKind.GpuEcc, 3), new(IncidentKind.GpuMemory, 5), new(IncidentKind.GpuIdle, 2), new(IncidentKind.LoadBurst, 8)],
        };
        SimulationWriter.WriteAll(dir, TrafficSimulator.Generate(options));
        var parser = new PrometheusTextParser();
        using var buffer = new EventBuffer(64);
        foreach (var text in File.ReadLines(Path.Combine(dir, SimulationWriter.DcgmFile)))
        {
            Assert.True(parser.TryParseLine(Encoding.UTF8.GetBytes(text), 0, buffer, out var failure), failure.Message);
        }

        var events = buffer.Span.ToArray();
        Assert.Equal(0, parser.SkippedSamples);
        long eccAt = SimulationOptions.DefaultStart.ToUnixTimeMilliseconds() + (3 * 60_000);
        var dbe = events.Where(e => e.Metric == DcgmFields.EccDbeVolTotal && e.Value > 0).ToList();
        Assert.NotEmpty(dbe);
        Assert.All(dbe, e => Assert.True(e.TimeUnixMs >= eccAt && e.Dims.Host == "aks-gpu-1" && e.Dims.Deployment == "chat-mini", e.Dims.ToString()));
        var xid = events.Where(e => e.Metric == DcgmFields.XidErrors).ToList();
        Assert.Equal(events.Count(e => e.Metric == DcgmFields.GpuUtil), xid.Count);
        Assert.All(xid.Where(e => e.Value == 48), e => Assert.Equal("48", e.Detail));
        Assert.Contains(events, e => e.Metric == DcgmFields.FbUsed && e.Value > 0.95 * SimFleet.FbTotalMiB);
    }

    [Fact]
    public void WriteAll_GroundTruth_CarriesCauseAndHostsNullCauseForControls()
    {
        string dir = Path.Combine(Path.GetTempPath(), "aiobs-sim-" + Guid.NewGuid().ToString("N"));
        var options = new SimulationOptions { Minutes = 10, Seed = 2, RateScale = 0.05, Incidents = [new(IncidentKind.BenignRelease, 2), new(IncidentKind.GpuIdle, 3), new(IncidentKind.IngestionGap, 4)] };
        SimulationWriter.WriteAll(dir, TrafficSimulator.Generate(options));

        var incidents = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, SimulationWriter.GroundTruthFile))).RootElement.GetProperty("incidents").EnumerateArray().ToList();

        Assert.Equal(JsonValueKind.Null, incidents[0].GetProperty("Cause").ValueKind);
        Assert.Equal("gpu-underutilized", incidents[1].GetProperty("Cause").GetString());
        Assert.Equal(["aks-gpu-1"], incidents[1].GetProperty("Hosts").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("ingestion", incidents[2].GetProperty("Cause").GetString());
        Assert.Empty(incidents[2].GetProperty("Hosts").EnumerateArray());
        Assert.Equal("embed", incidents[1].GetProperty("deployment").GetString()); // the older fields stay
    }
}
