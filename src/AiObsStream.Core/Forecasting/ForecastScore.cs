namespace AiObsStream.Core.Forecasting;

/// <summary>Forecast error over a set of test forecasts (<see cref="ForecastAccuracy"/>).</summary>
/// <param name="Forecasts">Hour-ahead forecasts scored.</param>
/// <param name="Mase">MASE of the model.</param>
/// <param name="NaiveMase">MASE of the seasonal-naive baseline over the same forecasts.</param>
/// <param name="Mape">MAPE of the model (fraction: 0.1 = 10 %).</param>
/// <param name="NaiveMape">MAPE of the seasonal-naive baseline.</param>
/// <param name="Coverage">Share of actuals inside the model's prediction interval.</param>
public readonly record struct ForecastScore(int Forecasts, double Mase, double NaiveMase, double Mape, double NaiveMape, double Coverage);
