using System.Text.Json;
using System.Text.RegularExpressions;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Formats.Output;
using AiObsStream.TestKit;

namespace AiObsStream.Formats.Tests.Output;

/// <summary>The DCR stream declarations in deploy/loganalytics/main.bicep must accept every column the engine writes.</summary>
public partial class LogAnalyticsSchemaTests
{
    private static readonly SeriesDims Dims = new DimsPool().Intern(new DimsKey(TelemetrySource.DCGM, "d", "m", "v", "o", "r", "h", "g", "StatusCode=429"));

    [GeneratedRegex(@"var (\w+)Columns = \[(.*?)\n\]", RegexOptions.Singleline)]
    private static partial Regex ColumnBlock();

    [GeneratedRegex(@"\{ name: '(\w+)', type: '(\w+)' \}")]
    private static partial Regex Column();

    private static Dictionary<string, string> Declared(string table)
    {
        var bicep = File.ReadAllText(Path.Combine(TestData.RepoRoot, "deploy", "loganalytics", "main.bicep"));
        var block = ColumnBlock().Matches(bicep).Single(m => m.Groups[1].Value == table).Groups[2].Value;
        return Column().Matches(block).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    private static Dictionary<string, JsonValueKind> Written(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        using var doc = JsonDocument.Parse(stream.ToArray());
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind);
    }

    private static void AssertCompatible(Dictionary<string, string> declared, Dictionary<string, JsonValueKind> written)
    {
        foreach (var (name, kind) in written)
        {
            Assert.True(declared.TryGetValue(name, out var type), $"column {name} is written but not declared in main.bicep");
            Assert.Equal(kind == JsonValueKind.Number, type is "real" or "long" or "int");
            Assert.Equal(kind is JsonValueKind.Array or JsonValueKind.Object, type == "dynamic");
        }
    }

    [Fact]
    public void MetricRow_EveryWrittenColumnIsDeclared()
    {
        var row = new MetricRow
        {
            WindowStartMs = 0, WindowEndMs = 60_000, Metric = "latency_ms", Dims = Dims, ModelVersion = "v", Count = 3, Sum = 6,
            Min = 1, Max = 3, Mean = 2, P50 = 2, P90 = 3, P95 = 3, P99 = 3, Rate = 3, Share = 0.5, Revision = 1,
            Team = "search", Project = "copilot",
        };
        var written = Written(w => MetricRowJson.Write(w, row));
        Assert.Contains("OtherDims", written.Keys);
        AssertCompatible(Declared("metrics"), written);
    }

    [Fact]
    public void Alert_EveryWrittenColumnIsDeclared()
    {
        var alert = new AlertEvent
        {
            AlertId = "a", Rule = "r", Severity = Severity.Warning, Status = AlertStatus.Resolved, TimeGeneratedMs = 1, StartsAtMs = 0,
            EndsAtMs = 1, Value = 1, Threshold = 1, Metric = "m", Statistic = Statistic.P95, Source = "s", Deployment = "d",
            ModelName = "m", ModelVersion = "v", Operation = "o", Host = "h", Gpu = "g", OtherDims = "StatusCode=429", Summary = "x", Score = 1,
            ExpectedValue = 1, LowerBound = 0, UpperBound = 2,
        };
        var written = Written(w => AlertJson.Write(w, alert));
        Assert.Contains("OtherDims", written.Keys);
        AssertCompatible(Declared("alerts"), written);
    }

    [Fact]
    public void Alert_IncidentIdIsDeclared() => Assert.Equal("string", Declared("alerts")["IncidentId"]);

    [Fact]
    public void Incident_WrittenColumnsAreExactlyTheDeclaredOnes()
    {
        var written = Written(w => IncidentJson.Write(w, TestIncidents.Capacity(IncidentStatus.Resolved)));
        var declared = Declared("incidents");
        AssertCompatible(declared, written);
        Assert.Equal(declared.Keys.Order(StringComparer.Ordinal), written.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("dynamic", declared["Evidence"]);
        Assert.Equal("datetime", declared["ResolvedAt"]);
    }

    [Fact]
    public void Incidents_StreamDeclaredAndRoutedToItsTable()
    {
        var bicep = File.ReadAllText(Path.Combine(TestData.RepoRoot, "deploy", "loganalytics", "main.bicep"));
        Assert.Contains("'Custom-AiObsIncidents_CL': { columns: incidentsColumns }", bicep, StringComparison.Ordinal);
        Assert.Contains("streams: [ 'Custom-AiObsIncidents_CL' ], destinations: [ 'workspace' ], transformKql: 'source', outputStream: 'Custom-AiObsIncidents_CL'", bicep, StringComparison.Ordinal);
        Assert.Contains("schema: { name: 'AiObsIncidents_CL', columns: incidentsColumns }", bicep, StringComparison.Ordinal);
    }
}
