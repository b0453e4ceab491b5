using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Json;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Formats.Tests.Simulation;

/// <summary>The simulated accesses written as Key Vault AuditEvent and Azure OpenAI Audit records read back whole.</summary>
public class AccessWriterTests
{
    private static List<TelemetryEvent> Parse(string path)
    {
        using var parser = new EventHubsBodyParser();
        using var buffer = new EventBuffer(64);
        var events = new List<TelemetryEvent>();
        var rejects = new List<ParseError>();
        foreach (var text in File.ReadLines(path))
        {
            buffer.Clear();
            Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(text), buffer, rejects, out var failure), failure.Message);
            Assert.True(rejects.Count == 0, rejects.Count > 0 ? rejects[0].Message : string.Empty);
            events.AddRange(buffer.Span.ToArray());
        }

        return events;
    }

    [Fact]
    public void KeyExfiltrationAndSecretAccess_EveryAccessReadBackWithItsIdentity()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-access-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new SimulationOptions
            {
                Minutes = 12, Seed = 5, RateScale = 0.2,
                Incidents = [new(IncidentKind.SecretAccess, 3), new(IncidentKind.KeyExfiltration, 6)],
            };
            var result = TrafficSimulator.Generate(options);

            var inputs = SimulationWriter.WriteAll(dir, result);

            Assert.Equal(Path.Combine(dir, SimulationWriter.KeyVaultFile), inputs[^1]);
            var vault = Parse(inputs[^1]);
            var expected = result.Accesses.Where(a => a.KeyVault).ToList();
            Assert.Equal(expected.Count, vault.Count);
            Assert.All(vault, e => Assert.Equal(EventKind.SecretAccess, e.Kind));
            Assert.Equal(expected.Select(a => AccessSimulator.Identities[a.Identity].ObjectId), vault.Select(e => e.Detail));
            Assert.Contains(vault, e => e.Dims.Operation == "SecretList");

            var audit = Assert.Single(Parse(Path.Combine(dir, SimulationWriter.AoaiFile)), e => e.Kind == EventKind.Audit);
            Assert.Equal("ListKey", audit.Dims.Operation);
            Assert.Equal(AccessSimulator.Identities[AccessSimulator.ExfiltrationIdentity].ObjectId, audit.Detail);
            Assert.Equal(SimFleet.AccountResourceId, audit.Dims.Resource);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
