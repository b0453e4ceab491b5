using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Formats.Tests.Simulation;

public class SimulatedCorpusSourceTests
{
    private static readonly CorpusSettings Tiny = new() { Seeds = 1, Minutes = 10, HealthyMinutes = 10, RateScales = [0.05] };

    private static string Describe(Core.Evaluation.Incidents.TruthIncident t) =>
        $"{t.Cause} {t.StartMs} {t.EndMs} {string.Join(",", t.Deployments)} {string.Join(",", t.Hosts)} {t.Label}";

    [Fact]
    public void Cases_SameSettings_ByteIdenticalFiles()
    {
        var root = Path.Combine(Path.GetTempPath(), "aiobs-corpus-" + Guid.NewGuid().ToString("N"));
        try
        {
            var a = new SimulatedCorpusSource(Tiny).Cases();
            var b = new SimulatedCorpusSource(Tiny).Cases();
            Assert.Equal(a.Select(c => c.Name), b.Select(c => c.Name));
            foreach (var i in new[] { 0, 6, 11, 12 })
            {
                var pa = a[i].Prepare(Path.Combine(root, "a", a[i].Name));
                var pb = b[i].Prepare(Path.Combine(root, "b", b[i].Name));
                Assert.Equal(pa.Truth.Incidents.Select(Describe), pb.Truth.Incidents.Select(Describe));
                foreach (var (fa, fb) in pa.Inputs.Zip(pb.Inputs))
                {
                    Assert.Equal(File.ReadAllBytes(fa), File.ReadAllBytes(fb));
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Cases_TruthMatchesWhatWasInjectedAndTheGroundTruthFile()
    {
        var root = Path.Combine(Path.GetTempPath(), "aiobs-corpus-" + Guid.NewGuid().ToString("N"));
        try
        {
            var scenarios = IncidentCorpus.Build(Tiny);
            var cases = new SimulatedCorpusSource(Tiny).Cases();
            for (int i = 0; i < cases.Count; i++)
            {
                var dir = Path.Combine(root, cases[i].Name);
                var prepared = cases[i].Prepare(dir);
                var injected = scenarios[i].Options.Incidents.Where(s => s.Kind != IncidentKind.BenignRelease).ToList();
                Assert.Equal(injected.Select(s => IncidentCatalog.Cause(s.Kind)!.Value), prepared.Truth.Incidents.Select(t => t.Cause));
                Assert.Equal(injected.Select(s => s.ToString()), prepared.Truth.Incidents.Select(t => t.Label));
                Assert.Equal(5, prepared.Inputs.Count); // the four telemetry files and keyvault-audit.jsonl (every run has background vault traffic)

                var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, SimulationWriter.GroundTruthFile))).RootElement;
                var written = file.GetProperty("incidents").EnumerateArray().Where(e => e.GetProperty("Cause").ValueKind != JsonValueKind.Null).ToList();
                Assert.Equal(prepared.Truth.Incidents.Select(t => IncidentCauses.Name(t.Cause)), written.Select(e => e.GetProperty("Cause").GetString()));
                Assert.Equal(prepared.Truth.Incidents.Select(t => string.Join(",", t.Hosts)),
                    written.Select(e => string.Join(",", e.GetProperty("Hosts").EnumerateArray().Select(h => h.GetString()))));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void RecordedTraceSource_FolderWithoutPhases_ThrowsNamingTheFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-trace-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var ex = Assert.Throws<FileNotFoundException>(() => RecordedTraceSource.FromDirectory(dir));
            Assert.Contains("phases.json", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void RecordedTraceSource_Folder_InputsAreEveryFileButTheLabels()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-trace-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "phases.json"), """{"schedule":[{"start":1,"end":61,"phase":"burst","model_version":"v1"}]}""");
            File.WriteAllText(Path.Combine(dir, "b.jsonl"), "");
            File.WriteAllText(Path.Combine(dir, "a.prom"), "");

            var source = RecordedTraceSource.FromDirectory(dir);
            var prepared = Assert.Single(source.Cases()).Prepare("unused");

            Assert.Equal(["a.prom", "b.jsonl"], prepared.Inputs.Select(Path.GetFileName));
            Assert.Equal(IncidentCause.Capacity, Assert.Single(prepared.Truth.Incidents).Cause);
            Assert.StartsWith("trace-aiobs-trace-", source.Name, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
