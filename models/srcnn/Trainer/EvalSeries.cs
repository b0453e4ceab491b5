namespace AiObsStream.SrCnn.Trainer;

/// <summary>A held-out series with injected anomalies and their labels.</summary>
/// <param name="Name">The source series.</param>
/// <param name="Values">Values after injection.</param>
/// <param name="Labels">True where an anomaly was injected.</param>
internal sealed record EvalSeries(string Name, float[] Values, bool[] Labels);
