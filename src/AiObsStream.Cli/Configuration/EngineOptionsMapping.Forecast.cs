using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Core.Forecasting;

namespace AiObsStream.Cli.Configuration;

/// <content>The <c>forecast</c> section.</content>
internal static partial class EngineOptionsMapping
{
    /// <summary>
    /// Forecast settings over <paramref name="current"/>. The saturation threshold and acceptable latency are not
    /// settings of this section: the operator graph takes them from the <c>gpu-saturated</c> and <c>latency-p95</c> rules.
    /// </summary>
    public static ForecastOptions Forecast(ForecastSettings s, ForecastOptions current) => current with
    {
        Enabled = s.Enabled ?? current.Enabled,
        Horizon = Duration(s.Horizon, "forecast.horizon") ?? current.Horizon,
        MinHistory = Duration(s.MinHistory, "forecast.minHistory") ?? current.MinHistory,
        MaxHistory = Duration(s.MaxHistory, "forecast.maxHistory") ?? current.MaxHistory,
        IntervalLevel = s.IntervalLevel ?? current.IntervalLevel,
        PerGpu = s.PerGpu ?? current.PerGpu,
        TargetUtilization = s.TargetUtilization ?? current.TargetUtilization,
    };
}
