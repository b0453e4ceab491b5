namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>One open defect class: an id, the issue section that reports it, and the failures that belong to it.</summary>
/// <param name="Id">Short id used in reports.</param>
/// <param name="Issue">Where it is reported (e.g. "#10 §7 invalid UTF-8").</param>
/// <param name="Matches">Which fuzz failures are this class.</param>
internal sealed record KnownDefect(string Id, string Issue, Func<FuzzFailure, bool> Matches)
{
    public override string ToString() => $"{Id} ({Issue})";
}
