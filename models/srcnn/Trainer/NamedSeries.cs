namespace AiObsStream.SrCnn.Trainer;

/// <summary>One real series: where it came from and its values in time order.</summary>
/// <param name="Name">Source-relative name (e.g. realTraffic/speed_7578.csv or h100-trace-a/gpu_util).</param>
/// <param name="Values">The values.</param>
internal sealed record NamedSeries(string Name, float[] Values);
