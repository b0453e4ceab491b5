namespace AiObsStream.Core.Cost;

/// <summary>What one series (one row dimension set) contributes to a cost row in one window.</summary>
/// <remarks>
/// Token fields hold billed tokens (successful calls, or the service's own AllMetrics counts); <see cref="HasTokens"/>
/// says the series carried token counts at all (even if every call failed), which is what ranks it as a billing source.
/// For GPU series <see cref="Gpus"/> is 1 when the series had any sample row in the window; the GPU fields of a key's
/// total are filled when the window is priced (a physical GPU is shared among its MIG instances' keys).
/// </remarks>
internal struct CostContribution
{
    public string ModelVersion;
    public bool HasTokens;
    public double Prompt;
    public double Completion;
    public double Cached;
    public long Requests;
    public double GpuUsd;
    public double GpuSeconds;
    public double UnpricedGpuSeconds;
    public long Gpus;

    public void Add(in CostContribution other)
    {
        HasTokens |= other.HasTokens;
        Prompt += other.Prompt;
        Completion += other.Completion;
        Cached += other.Cached;
        Requests += other.Requests;
        GpuUsd += other.GpuUsd;
        GpuSeconds += other.GpuSeconds;
        UnpricedGpuSeconds += other.UnpricedGpuSeconds;
        Gpus += other.Gpus;
    }

    /// <summary>Whether two totals would price to the same rows (bitwise equal numbers).</summary>
    public readonly bool SameAs(in CostContribution other) =>
        HasTokens == other.HasTokens && Requests == other.Requests && Gpus == other.Gpus
        && Prompt.Equals(other.Prompt) && Completion.Equals(other.Completion) && Cached.Equals(other.Cached)
        && GpuUsd.Equals(other.GpuUsd) && GpuSeconds.Equals(other.GpuSeconds) && UnpricedGpuSeconds.Equals(other.UnpricedGpuSeconds);
}
