namespace AiObsStream.Formats.Simulation;

/// <summary>A recorded trace labelled by its <c>phases.json</c> (<see cref="PhaseTruthReader"/>).</summary>
/// <param name="name">The case name, for example <c>trace-a</c>.</param>
/// <param name="inputs">The trace's telemetry files (gzip or plain), in a fixed order.</param>
/// <param name="phasesJson">The text of its phases.json.</param>
public sealed class RecordedTraceSource(string name, IReadOnlyList<string> inputs, string phasesJson) : ICorpusSource
{
    /// <inheritdoc/>
    public string Name => name;

    /// <summary>A trace folder: every file but phases.json and ground-truth.json is an input.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns>The source.</returns>
    /// <exception cref="FileNotFoundException">The folder has no phases.json.</exception>
    public static RecordedTraceSource FromDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string phases = Path.Combine(directory, PhaseTruthReader.PhasesFile);
        if (!File.Exists(phases))
        {
            throw new FileNotFoundException($"'{directory}' has no {PhaseTruthReader.PhasesFile} to label it.", phases);
        }

        var inputs = Directory.GetFiles(directory)
            .Where(f => Path.GetFileName(f) is not (PhaseTruthReader.PhasesFile or SimulationWriter.GroundTruthFile))
            .Order(StringComparer.Ordinal).ToList();
        string folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        return new RecordedTraceSource("trace-" + folder, inputs, File.ReadAllText(phases));
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">phases.json cannot be used.</exception>
    public IReadOnlyList<CorpusCase> Cases()
    {
        if (!PhaseTruthReader.TryRead(name, phasesJson, out var truth, out string error))
        {
            throw new InvalidDataException($"{name}: {error}");
        }

        return [new CorpusCase(name, "recorded", _ => new PreparedCase(inputs, truth))];
    }
}
