using AiObsStream.Core.Simulation;

namespace AiObsStream.Formats.Simulation;

/// <summary>Writes a <see cref="SimulationResult"/> as the files the engine reads, plus the ground truth.</summary>
public static class SimulationWriter
{
    /// <summary>Azure OpenAI RequestResponse logs, one Event Hubs body per line.</summary>
    public const string AoaiFile = "aoai-diagnostics.jsonl";

    /// <summary>App Insights AppDependencies, one Event Hubs body per line.</summary>
    public const string DependenciesFile = "appinsights-dependencies.jsonl";

    /// <summary>App Insights AppTraces evaluation events, one Event Hubs body per line.</summary>
    public const string EvaluationsFile = "appinsights-evaluations.jsonl";

    /// <summary>dcgm-exporter text with millisecond timestamps.</summary>
    public const string DcgmFile = "dcgm.prom";

    /// <summary>Key Vault AuditEvent records, one Event Hubs body per line (written when the run has any).</summary>
    public const string KeyVaultFile = "keyvault-audit.jsonl";

    /// <summary>The ground truth (JSON).</summary>
    public const string GroundTruthFile = "ground-truth.json";

    /// <summary>Writes the five files into <paramref name="directory"/> (created if missing; existing files replaced).</summary>
    /// <param name="directory">The output folder.</param>
    /// <param name="result">The simulation to write.</param>
    /// <returns>The paths of the four telemetry files (the engine's inputs), in a fixed order.</returns>
    public static IReadOnlyList<string> WriteAll(string directory, SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        string Path(string name) => System.IO.Path.Combine(directory, name);
        using (var s = File.Create(Path(AoaiFile)))
        {
            AoaiDiagnosticsWriter.Write(s, result.Requests, result.Accesses);
        }

        using (var s = File.Create(Path(DependenciesFile)))
        {
            AppInsightsWriter.WriteDependencies(s, result.Requests);
        }

        using (var s = File.Create(Path(EvaluationsFile)))
        {
            AppInsightsWriter.WriteEvaluations(s, result.Evaluations);
        }

        using (var s = File.Create(Path(DcgmFile)))
        {
            DcgmTextWriter.Write(s, result.GpuSamples);
        }

        using (var s = File.Create(Path(GroundTruthFile)))
        {
            GroundTruthWriter.Write(s, result.Truth);
        }

        if (!result.Accesses.Any(a => a.KeyVault))
        {
            return [Path(AoaiFile), Path(DependenciesFile), Path(EvaluationsFile), Path(DcgmFile)];
        }

        using (var s = File.Create(Path(KeyVaultFile)))
        {
            KeyVaultAuditWriter.Write(s, result.Accesses);
        }

        return [Path(AoaiFile), Path(DependenciesFile), Path(EvaluationsFile), Path(DcgmFile), Path(KeyVaultFile)];
    }
}
