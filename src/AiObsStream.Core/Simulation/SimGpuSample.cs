namespace AiObsStream.Core.Simulation;

/// <summary>One dcgm-exporter scrape of one GPU.</summary>
/// <param name="UnixMs">Scrape time.</param>
/// <param name="Gpu">Index into <see cref="SimFleet.Gpus"/>.</param>
/// <param name="UtilPct">GPU utilization (%).</param>
/// <param name="MemCopyUtilPct">Memory copy utilization (%).</param>
/// <param name="FbUsedMiB">Framebuffer used.</param>
/// <param name="TempC">GPU temperature.</param>
/// <param name="PowerW">Power draw.</param>
/// <param name="SmClockMhz">SM clock.</param>
/// <param name="EnergyMj">Total energy since boot (counter, mJ).</param>
public readonly record struct SimGpuSample(
    long UnixMs, int Gpu, int UtilPct, int MemCopyUtilPct, int FbUsedMiB, int TempC, double PowerW, int SmClockMhz, long EnergyMj)
{
    /// <summary>Double-bit volatile ECC errors since the driver loaded (counter).</summary>
    public long EccDbe { get; init; }

    /// <summary>The last XID error code (0: none), as dcgm-exporter's XID gauge reports it.</summary>
    public int Xid { get; init; }

    /// <summary>The GPU's network counters; null when the run's exporters report none (no network incident).</summary>
    public SimNetworkSample? Network { get; init; }
}
