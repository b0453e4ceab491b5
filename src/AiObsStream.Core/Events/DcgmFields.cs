namespace AiObsStream.Core.Events;

/// <summary>dcgm-exporter field names the engine maps to metrics (see formats.md §2.1).</summary>
public static class DcgmFields
{
    /// <summary>GPU utilization, %.</summary>
    public const string GpuUtil = "DCGM_FI_DEV_GPU_UTIL";

    /// <summary>Memory copy utilization, %.</summary>
    public const string MemCopyUtil = "DCGM_FI_DEV_MEM_COPY_UTIL";

    /// <summary>Framebuffer used, MiB.</summary>
    public const string FbUsed = "DCGM_FI_DEV_FB_USED";

    /// <summary>Framebuffer free, MiB.</summary>
    public const string FbFree = "DCGM_FI_DEV_FB_FREE";

    /// <summary>GPU temperature, °C.</summary>
    public const string GpuTemp = "DCGM_FI_DEV_GPU_TEMP";

    /// <summary>Power usage, W.</summary>
    public const string PowerUsage = "DCGM_FI_DEV_POWER_USAGE";

    /// <summary>SM clock, MHz.</summary>
    public const string SmClock = "DCGM_FI_DEV_SM_CLOCK";

    /// <summary>Volatile double-bit ECC errors (counter; not in the default CSV).</summary>
    public const string EccDbeVolTotal = "DCGM_FI_DEV_ECC_DBE_VOL_TOTAL";

    /// <summary>Volatile single-bit ECC errors (counter).</summary>
    public const string EccSbeVolTotal = "DCGM_FI_DEV_ECC_SBE_VOL_TOTAL";

    /// <summary>Value of the last XID error (gauge; labels err_code/err_msg).</summary>
    public const string XidErrors = "DCGM_FI_DEV_XID_ERRORS";
}
