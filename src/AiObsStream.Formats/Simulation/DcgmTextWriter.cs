using System.Globalization;
using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Formats.Simulation;

/// <summary>
/// Writes GPU scrapes as dcgm-exporter text exposition (formats.md §2.2): HELP/TYPE once per field, then one line per
/// field and GPU with the exporter's label order, integer fields as <c>%d</c>, doubles as Go <c>%f</c>, and the scrape
/// time in milliseconds (added by the collector that stored the scrapes, as in the H100 trace).
/// </summary>
internal static class DcgmTextWriter
{
    private static readonly (string Field, string Type, string Help)[] Fields =
    [
        (DcgmFields.GpuUtil, "gauge", "GPU utilization (in %)."),
        (DcgmFields.MemCopyUtil, "gauge", "Memory utilization (in %)."),
        (DcgmFields.FbUsed, "gauge", "Framebuffer memory used (in MiB)."),
        (DcgmFields.FbFree, "gauge", "Framebuffer memory free (in MiB)."),
        (DcgmFields.GpuTemp, "gauge", "GPU temperature (in C)."),
        (DcgmFields.PowerUsage, "gauge", "Power draw (in W)."),
        (DcgmFields.SmClock, "gauge", "SM clock frequency (in MHz)."),
        ("DCGM_FI_DEV_MEM_CLOCK", "gauge", "Memory clock frequency (in MHz)."),
        (DcgmFields.EccSbeVolTotal, "counter", "Total number of single-bit volatile ECC errors."),
        (DcgmFields.EccDbeVolTotal, "counter", "Total number of double-bit volatile ECC errors."),
        ("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "counter", "Total energy consumption since boot (in mJ)."),
        (DcgmFields.XidErrors, "gauge", "Value of the last XID error encountered."),
    ];

    /// <summary>Index of the XID field, whose lines carry the exporter's err_code/err_msg labels.</summary>
    private const int XidField = 11;

    public static void Write(Stream output, IReadOnlyList<SimGpuSample> samples)
    {
        using var text = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        foreach (var (field, type, help) in Fields)
        {
            text.WriteLine("# HELP " + field + " " + help);
            text.WriteLine("# TYPE " + field + " " + type);
        }

        NetworkTextWriter.WriteHeader(text, samples);

        var labels = new string[SimFleet.Gpus.Count];
        var xidLabels = new string[SimFleet.Gpus.Count];
        var eccLabels = new string[SimFleet.Gpus.Count];
        for (int g = 0; g < labels.Length; g++)
        {
            labels[g] = Labels(SimFleet.Gpus[g], null);
            xidLabels[g] = Labels(SimFleet.Gpus[g], "err_code=\"0\",err_msg=\"No Error\",");
            eccLabels[g] = Labels(SimFleet.Gpus[g], "err_code=\"48\",err_msg=\"Double Bit ECC Error\",");
        }

        foreach (var s in samples)
        {
            string suffix = " " + s.UnixMs.ToString(CultureInfo.InvariantCulture);
            for (int f = 0; f < Fields.Length; f++)
            {
                text.Write(Fields[f].Field);
                text.Write(f != XidField ? labels[s.Gpu] : s.Xid == 0 ? xidLabels[s.Gpu] : eccLabels[s.Gpu]);
                text.Write(' ');
                text.Write(Value(f, s));
                text.WriteLine(suffix);
            }

            NetworkTextWriter.WriteSample(text, s, labels[s.Gpu], suffix);
        }
    }

    private static string Value(int field, SimGpuSample s) => field switch
    {
        0 => Int(s.UtilPct),
        1 => Int(s.MemCopyUtilPct),
        2 => Int(s.FbUsedMiB),
        3 => Int((int)SimFleet.FbTotalMiB - s.FbUsedMiB),
        4 => Int(s.TempC),
        5 => s.PowerW.ToString("F6", CultureInfo.InvariantCulture),
        6 => Int(s.SmClockMhz),
        7 => "2619",
        8 => "0",
        9 => s.EccDbe.ToString(CultureInfo.InvariantCulture),
        10 => s.EnergyMj.ToString(CultureInfo.InvariantCulture),
        _ => Int(s.Xid),
    };

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The exporter's label order; the XID gauge adds err_code/err_msg after container (formats.md §2.2).</summary>
    private static string Labels(SimGpu gpu, string? error) => string.Create(CultureInfo.InvariantCulture,
        $"{{gpu=\"{gpu.Index}\",UUID=\"{gpu.Uuid}\",pci_bus_id=\"{gpu.PciBusId}\",device=\"nvidia{gpu.Index}\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"{gpu.Host}\",DCGM_FI_DRIVER_VERSION=\"580.159.04\",container=\"inference\",{error}namespace=\"ai\",pod=\"{gpu.Pod}\"}}");
}
