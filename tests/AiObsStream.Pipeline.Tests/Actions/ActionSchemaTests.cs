using System.Text.Json;
using System.Text.RegularExpressions;
using AiObsStream.Core.Actions;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Actions;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Actions;

/// <summary>AiObsActions_CL in deploy/loganalytics/main.bicep declares every column a record has, with a matching type.</summary>
public sealed partial class ActionSchemaTests
{
    [GeneratedRegex(@"var actionsColumns = \[(.*?)\n\]", RegexOptions.Singleline)]
    private static partial Regex ColumnBlock();

    [GeneratedRegex(@"\{ name: '(\w+)', type: '(\w+)' \}")]
    private static partial Regex Column();

    private static readonly ActionDecision Decision = new()
    {
        Action = new ActionDefinition { Name = "rollback", Cause = IncidentCause.VersionRegression, Url = new Uri("https://ops.example/r?sig=x") },
        Subject = new ActionSubject
        {
            Id = "inc", Cause = IncidentCause.VersionRegression, Rules = ["version-regression"], Severity = Severity.Critical,
            Deployments = ["chat-prod"], Hosts = [], ModelVersion = "v2", Evidence = [new EvidenceItem("effect", 0.4)], Summary = "s",
        },
        IdempotencyKey = "inc/rollback", TimeMs = TestIncidents.OpenedAt, PreviousVersion = "v1", Outcome = ActionOutcome.Suppressed, Reason = "cooldown",
    };

    [Fact]
    public void Record_EveryWrittenColumnIsDeclared_AndEveryDeclaredOneCanBeWritten()
    {
        var bicep = File.ReadAllText(Path.Combine(TestData.RepoRoot, "deploy", "loganalytics", "main.bicep"));
        var declared = Column().Matches(ColumnBlock().Match(bicep).Groups[1].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var seen = new HashSet<string>();
        foreach (var record in new[]
        {
            new ActionRecord { Decision = Decision, Outcome = ActionOutcome.Suppressed, RecordedAtMs = 0 },
            new ActionRecord { Decision = Decision, Outcome = ActionOutcome.Failed, RecordedAtMs = 0, HttpStatus = 500, Attempts = 5, Error = "HTTP 500" },
        })
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                ActionJson.WriteRecord(writer, record);
            }

            foreach (var p in JsonDocument.Parse(stream.ToArray()).RootElement.EnumerateObject())
            {
                Assert.True(declared.TryGetValue(p.Name, out var type), $"column {p.Name} is written but not declared in main.bicep");
                Assert.Equal(p.Value.ValueKind == JsonValueKind.Number, type is "int" or "long" or "real");
                seen.Add(p.Name);
            }
        }

        Assert.Equal(declared.Keys.Order(), seen.Order());
        Assert.Contains("'Custom-AiObsActions_CL': { columns: actionsColumns }", bicep, StringComparison.Ordinal);
        Assert.Contains("outputStream: 'Custom-AiObsActions_CL'", bicep, StringComparison.Ordinal);
    }
}
