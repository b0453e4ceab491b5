namespace AiObsStream.Formats.Simulation;

/// <summary>
/// A provider of labelled runs for <c>aiobs eval incidents</c>: the seam where corpora join (the simulator corpus, recorded
/// traces, and later resampled rollouts) without the evaluation knowing how each is made.
/// </summary>
public interface ICorpusSource
{
    /// <summary>The source's name, for reports.</summary>
    string Name { get; }

    /// <summary>The cases, in a fixed order (deterministic for the same settings).</summary>
    /// <returns>The cases.</returns>
    IReadOnlyList<CorpusCase> Cases();
}
