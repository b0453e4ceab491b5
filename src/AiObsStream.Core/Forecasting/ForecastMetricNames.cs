namespace AiObsStream.Core.Forecasting;

/// <summary>Metric names of the forecast rows.</summary>
public static class ForecastMetricNames
{
    /// <summary>GPU utilization forecast (%), per GPU and per deployment (Host and Gpu empty).</summary>
    public const string GpuUtil = "forecast_gpu_util";

    /// <summary>Requests per minute forecast, per deployment and source.</summary>
    public const string Requests = "forecast_requests_rpm";

    /// <summary>Tokens per minute forecast, per deployment and source.</summary>
    public const string Tokens = "forecast_tokens_tpm";

    /// <summary>GPUs a deployment needs at its forecast peak.</summary>
    public const string GpusNeeded = "forecast_gpus_needed";

    /// <summary>Measured requests per minute one GPU serves at the target utilization with acceptable latency.</summary>
    public const string CapacityRpmPerGpu = "capacity_rpm_per_gpu";

    /// <summary>The forecast saturation alert's rule name (incident cause: capacity).</summary>
    public const string SaturationRule = "forecast-gpu-saturated";

    /// <summary>Prefix of every forecast alert rule.</summary>
    public const string RulePrefix = "forecast-";

    /// <summary>The metric name of a target's forecast rows.</summary>
    public static string For(ForecastTarget target) => target switch
    {
        ForecastTarget.GpuUtil or ForecastTarget.DeploymentGpuUtil => GpuUtil,
        ForecastTarget.Requests => Requests,
        _ => Tokens,
    };
}
