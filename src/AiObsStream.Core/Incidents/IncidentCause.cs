namespace AiObsStream.Core.Incidents;

/// <summary>The probable cause of an incident (wire names in <see cref="IncidentCauses"/>).</summary>
public enum IncidentCause
{
    /// <summary><c>unexplained</c>: an anomaly or breach no better explanation covers.</summary>
    Unexplained = 0,

    /// <summary><c>capacity</c>: a traffic surge; throttling, queueing, TTFT and latency rise with load.</summary>
    Capacity = 1,

    /// <summary><c>version-regression</c>: a new model version is worse at comparable load.</summary>
    VersionRegression = 2,

    /// <summary><c>gpu-memory</c>: GPU framebuffer pressure.</summary>
    GpuMemory = 3,

    /// <summary><c>gpu-hardware</c>: ECC, XID or thermal faults.</summary>
    GpuHardware = 4,

    /// <summary><c>gpu-underutilized</c>: GPUs paid for and idle.</summary>
    GpuUnderutilized = 5,

    /// <summary><c>quality-drift</c>: evaluation scores or output distributions drift.</summary>
    QualityDrift = 6,

    /// <summary><c>spend</c>: spend above its expected level.</summary>
    Spend = 7,

    /// <summary><c>ingestion</c>: an input went silent or rejects too much.</summary>
    Ingestion = 8,

    /// <summary><c>security</c>: anomalous consumption by a caller, control-plane or secret access (issue #15 §1).</summary>
    Security = 9,

    /// <summary>An NVLink, PCIe or InfiniBand link fault (errors, replays, link down) on the hosts (value 10: 9 is reserved for security).</summary>
    Network = 10,
}

/// <summary>Wire names of <see cref="IncidentCause"/> (kebab case, as in incidents.jsonl and the alert topic).</summary>
public static class IncidentCauses
{
    private static readonly string[] Names =
        ["unexplained", "capacity", "version-regression", "gpu-memory", "gpu-hardware", "gpu-underutilized", "quality-drift", "spend", "ingestion", "security", "network"];

    /// <summary>Every cause in enum order.</summary>
    public static IReadOnlyList<IncidentCause> All { get; } = Enum.GetValues<IncidentCause>();

    /// <summary>The wire name of <paramref name="cause"/>, for example <c>version-regression</c>.</summary>
    public static string Name(IncidentCause cause) => Names[(int)cause];

    /// <summary>Looks a cause up by its wire name (case-insensitive).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out IncidentCause cause)
    {
        foreach (var known in All)
        {
            if (name.Equals(Names[(int)known], StringComparison.OrdinalIgnoreCase))
            {
                cause = known; // only defined causes: a name of a value not (yet) in the enum is unknown
                return true;
            }
        }

        cause = default;
        return false;
    }
}
