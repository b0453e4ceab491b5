namespace AiObsStream.Core.Forecasting;

/// <summary>What a forecast series measures.</summary>
public enum ForecastTarget
{
    /// <summary>One GPU's utilization (%): mean of its <c>gpu_util</c> window means in the hour.</summary>
    GpuUtil = 0,

    /// <summary>A deployment's GPU utilization (%): mean over its GPUs' window means in the hour.</summary>
    DeploymentGpuUtil = 1,

    /// <summary>A deployment's requests per minute (one source: the hour's RPM summed over series, averaged over windows).</summary>
    Requests = 2,

    /// <summary>A deployment's tokens per minute (as <see cref="Requests"/>, from <c>tokens_total</c>).</summary>
    Tokens = 3,
}
