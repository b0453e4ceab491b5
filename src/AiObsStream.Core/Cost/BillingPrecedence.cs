using AiObsStream.Core.Events;

namespace AiObsStream.Core.Cost;

/// <summary>
/// Which token source bills a deployment in a window: the first, in this order, that carried token counts for the
/// deployment in the window. Azure's own platform metrics (AllMetrics <c>ProcessedPromptTokens</c> /
/// <c>GeneratedTokens</c>, counted by the service that bills) come first; then per-request counts from one source:
/// Azure OpenAI request logs, App Insights, structured logs. The other sources' cost is a shadow.
/// </summary>
internal static class BillingPrecedence
{
    /// <summary>Rank of a token source (lower bills first); DCGM is GPU time, never ranked against tokens.</summary>
    public static int Rank(TelemetrySource source) => source switch
    {
        TelemetrySource.AzureMetrics => 0,
        TelemetrySource.AzureOpenAI => 1,
        TelemetrySource.AppInsights => 2,
        TelemetrySource.Log => 3,
        _ => int.MaxValue,
    };
}
