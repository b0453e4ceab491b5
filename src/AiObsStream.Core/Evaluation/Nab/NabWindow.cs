namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>One labelled anomaly window, inclusive at both ends, as timestamps of the series (Unix ms, UTC).</summary>
/// <param name="StartUnixMs">The first timestamp of the window; must be a timestamp of the series.</param>
/// <param name="EndUnixMs">The last timestamp of the window; must be a timestamp of the series.</param>
public readonly record struct NabWindow(long StartUnixMs, long EndUnixMs);
