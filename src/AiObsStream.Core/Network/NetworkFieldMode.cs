namespace AiObsStream.Core.Network;

/// <summary>How the aggregator turns the samples of a network field into the values of its metric.</summary>
public enum NetworkFieldMode : byte
{
    /// <summary>The sample is the value (a gauge such as dcgm-exporter's PCIe bytes per second).</summary>
    Gauge,

    /// <summary>The increase of a counter since the previous sample of its series (errors, link-down events); a drop is a reset.</summary>
    Increase,

    /// <summary>The increase of a counter since the previous sample divided by the seconds between them (bytes → bytes/s).</summary>
    Rate,
}
