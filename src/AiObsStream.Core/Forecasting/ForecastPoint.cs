namespace AiObsStream.Core.Forecasting;

/// <summary>One forecast bucket: the point forecast and its prediction interval, in the series' units.</summary>
/// <param name="Hour">The bucket, in whole hours since the Unix epoch.</param>
/// <param name="Point">Point forecast (the median on the <see cref="ForecastScale.Log"/> scale).</param>
/// <param name="Lower">Lower end of the prediction interval.</param>
/// <param name="Upper">Upper end of the prediction interval.</param>
public readonly record struct ForecastPoint(long Hour, double Point, double Lower, double Upper);
