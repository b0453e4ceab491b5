namespace AiObsStream.Core.Versions;

/// <summary>How a signal is compared between two model versions.</summary>
public enum SignalKind
{
    /// <summary>
    /// A per-request value with a window sketch (latency, TTFT, tokens per request, quality scores): merged sketches are
    /// compared on mean, median and tail, with a rank-sum (Mann-Whitney) confidence.
    /// </summary>
    Distribution = 0,

    /// <summary>A share of requests (HTTP 429, errors): two-proportion z-test on counts.</summary>
    Proportion = 1,

    /// <summary>One value per window (GPU efficiency, cost per request): Welch t-test over windows.</summary>
    WindowMean = 2,
}
