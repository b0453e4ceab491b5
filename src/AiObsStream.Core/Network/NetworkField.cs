namespace AiObsStream.Core.Network;

/// <summary>One exporter field the engine reads as a network signal.</summary>
/// <param name="Source">The exposition name (a dcgm-exporter field or a node-exporter metric).</param>
/// <param name="Metric">The engine metric it feeds (several fields may feed one metric: their values add up).</param>
/// <param name="Mode">How samples become values.</param>
public readonly record struct NetworkField(string Source, string Metric, NetworkFieldMode Mode)
{
    /// <summary>Whether the metric keeps a distribution (gauges and rates) rather than counting increases.</summary>
    public bool Percentiles => Mode != NetworkFieldMode.Increase;
}
