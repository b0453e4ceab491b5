namespace AiObsStream.Core.Cost;

/// <summary>What one series (one row dimension set) contributes to a cost row in one window.</summary>
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
}
