namespace AiObsStream.Core.Cost;

/// <summary>What a cost key's rows are: the bill, a shadow of it, or nothing.</summary>
internal enum CostRole : byte
{
    /// <summary>Nothing to price (a source without token counts, e.g. request logs with status only).</summary>
    None = 0,

    /// <summary>The deployment's billing source in the window (or GPU time): <c>cost_usd</c> rows.</summary>
    Billing = 1,

    /// <summary>A token source ranked below the window's billing source: <c>cost_usd_shadow</c> rows only.</summary>
    Shadow = 2,
}
