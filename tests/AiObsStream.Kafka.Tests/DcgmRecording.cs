using System.Globalization;
using System.Text;

namespace AiObsStream.Kafka.Tests;

/// <summary>One dcgm-exporter scrape of one host: the exposition bytes and the time it was captured (Unix ms).</summary>
/// <param name="Host">The host scraped.</param>
/// <param name="CapturedUnixMs">Capture time: the Kafka message timestamp and the capture file's modification time.</param>
/// <param name="Body">The exposition, exactly as served (one Kafka message, one capture file).</param>
/// <param name="HasTimestamps">Whether the samples carry their own timestamps (recorded through a federating scraper).</param>
internal sealed record DcgmScrape(string Host, long CapturedUnixMs, byte[] Body, bool HasTimestamps);

/// <summary>What a correct engine must derive for one GPU over the whole recording.</summary>
/// <param name="SbeIncrease">Σ of single-bit counter increases between consecutive samples (a drop is a reset).</param>
/// <param name="DbeIncrease">Σ of double-bit counter increases.</param>
/// <param name="NewXids">Changes of the XID gauge to a non-zero code.</param>
internal sealed record GpuTruth(long SbeIncrease, long DbeIncrease, int NewXids);

/// <summary>The scrapes in capture order and the per-GPU truth (by UUID).</summary>
internal sealed record DcgmRecordingData(IReadOnlyList<DcgmScrape> Scrapes, IReadOnlyDictionary<string, GpuTruth> Truth);

/// <summary>
/// A deterministic, real-looking dcgm-exporter recording (formats.md §2.2): several hosts with several GPUs each, scraped
/// every ~5 s at different phases; volatile ECC SBE/DBE counters that increase and reset (driver reload), XID codes that
/// change (critical and not), and scrapes both with timestamps and without (those take the capture time).
/// </summary>
/// <remarks>
/// Layout per family as the exporter renders it: <c># HELP</c>, <c># TYPE</c>, then one sample per GPU with the labels
/// gpu, UUID, pci_bus_id, device, modelName, the host label (<c>Hostname</c> in released versions, <c>hostname</c> on the
/// newest host), DCGM_FI_DRIVER_VERSION, then the pod attributes sorted (only on GPUs assigned to a pod); the XID family
/// adds err_code/err_msg. Integers are printed <c>%d</c>, doubles <c>%f</c>.
/// </remarks>
internal static class DcgmRecording
{
    private const long Start = 1_795_340_000_000; // 2026-11-21T08:53:20Z

    private static readonly (string Field, string Type, string Help)[] Families =
    [
        ("DCGM_FI_DEV_SM_CLOCK", "gauge", "SM clock frequency (in MHz)."),
        ("DCGM_FI_DEV_GPU_TEMP", "gauge", "GPU temperature (in C)."),
        ("DCGM_FI_DEV_POWER_USAGE", "gauge", "Power draw (in W)."),
        ("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "counter", "Total energy consumption since boot (in mJ)."),
        ("DCGM_FI_DEV_GPU_UTIL", "gauge", "GPU utilization (in %)."),
        ("DCGM_FI_DEV_MEM_COPY_UTIL", "gauge", "Memory utilization (in %)."),
        ("DCGM_FI_DEV_XID_ERRORS", "gauge", "Value of the last XID error encountered."),
        ("DCGM_FI_DEV_FB_FREE", "gauge", "Framebuffer memory free (in MiB)."),
        ("DCGM_FI_DEV_FB_USED", "gauge", "Framebuffer memory used (in MiB)."),
        ("DCGM_FI_DEV_ECC_SBE_VOL_TOTAL", "counter", "Total number of single-bit volatile ECC errors."),
        ("DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", "counter", "Total number of double-bit volatile ECC errors."),
    ];

    private static readonly Dictionary<int, string> XidMessages = new()
    {
        [0] = "No Error",
        [13] = "Graphics Engine Exception",
        [31] = "GPU memory page fault",
        [48] = "Double Bit ECC Error",
        [79] = "GPU has fallen off the bus",
    };

    /// <summary>The scrapes of every host, in capture-time order.</summary>
    /// <param name="seed">Seed of every random choice.</param>
    /// <param name="minutes">Length of the recording.</param>
    public static DcgmRecordingData Generate(int seed, int minutes)
    {
        var rng = new Random(seed);
        var hosts = new[]
        {
            new Host("aks-gpunp-36854149-vmss000000", "Hostname", "NVIDIA H100 80GB HBM3", 81559, 2, timestampShare: 1.0, rng),
            new Host("aks-gpunp-36854149-vmss000003", "Hostname", "NVIDIA A100 80GB PCIe", 81920, 3, timestampShare: 0.6, rng),
            new Host("aks-l40s-95017233-vmss000001", "hostname", "NVIDIA L40S", 46068, 2, timestampShare: 0.0, rng),
        };
        var scrapesPerHost = minutes * 60 / 5;

        // Incidents at fixed fractions of the recording, on GPUs picked by the seed: a driver reload resets the volatile
        // ECC counters (and clears the XID gauge); XID codes change, a critical one among them.
        var all = hosts.SelectMany(h => h.Gpus).ToArray();
        var reload = all[rng.Next(all.Length)];
        reload.ReloadAt = scrapesPerHost * 55 / 100;
        var second = all[(Array.IndexOf(all, reload) + 1 + rng.Next(all.Length - 1)) % all.Length];
        second.ReloadAt = scrapesPerHost * 80 / 100;
        all[rng.Next(all.Length)].Xids[scrapesPerHost * 20 / 100] = 13;
        all[rng.Next(all.Length)].Xids[scrapesPerHost * 35 / 100] = 31;
        reload.Xids[scrapesPerHost * 50 / 100] = 48; // the double-bit error that led to the reload
        all[rng.Next(all.Length)].Xids[scrapesPerHost * 70 / 100] = 79;

        var scrapes = new List<DcgmScrape>(hosts.Length * scrapesPerHost);
        for (var k = 0; k < scrapesPerHost; k++)
        {
            for (var h = 0; h < hosts.Length; h++)
            {
                var host = hosts[h];
                var sampleTime = Start + (h * 1_700) + (k * 5_000L) + rng.Next(0, 300);
                var withTimestamps = rng.NextDouble() < host.TimestampShare;
                var captured = sampleTime + (withTimestamps ? rng.Next(20, 400) : 0); // a recorder stamps after the scrape
                scrapes.Add(new DcgmScrape(host.Name, captured, host.Scrape(k, withTimestamps ? sampleTime : null, rng), withTimestamps));
            }
        }

        var truth = all.ToDictionary(g => g.Uuid, g => new GpuTruth(g.SbeIncrease, g.DbeIncrease, g.NewXids), StringComparer.Ordinal);
        return new DcgmRecordingData([.. scrapes.OrderBy(s => s.CapturedUnixMs)], truth);
    }

    /// <summary>One GPU's live values.</summary>
    private sealed class Gpu(int index, string uuid, string? pod, int totalMiB)
    {
        public int Index { get; } = index;

        public string Uuid { get; } = uuid;

        public string? Pod { get; } = pod;

        public int TotalMiB { get; } = totalMiB;

        public int ReloadAt { get; set; } = -1;

        public Dictionary<int, int> Xids { get; } = [];

        public long Sbe { get; set; }

        public long Dbe { get; set; }

        public int Xid { get; set; }

        public int Util { get; set; }

        public int Used { get; set; }

        public long EnergyMj { get; set; }

        public long SbeIncrease { get; set; }

        public long DbeIncrease { get; set; }

        public int NewXids { get; set; }
    }

    private sealed class Host
    {
        private readonly string _hostLabel;
        private readonly string _model;

        public Host(string name, string hostLabel, string model, int totalMiB, int gpus, double timestampShare, Random rng)
        {
            Name = name;
            _hostLabel = hostLabel;
            _model = model;
            TimestampShare = timestampShare;
            Gpus = new Gpu[gpus];
            for (var i = 0; i < gpus; i++)
            {
                // One GPU per host is idle (no pod labels), as current exporters render unassigned GPUs.
                var pod = i == gpus - 1 ? null : string.Create(CultureInfo.InvariantCulture, $"vllm-chat-{rng.Next(0x10000):x4}-{i}");
                Gpus[i] = new Gpu(i, Uuid(rng), pod, totalMiB)
                {
                    Sbe = rng.Next(0, 40), // volatile counters already non-zero when the recording starts
                    Dbe = rng.Next(0, 2),
                    Util = rng.Next(0, 100),
                    Used = rng.Next(2_000, totalMiB - 2_000),
                    EnergyMj = rng.NextInt64(1_000_000_000, 9_000_000_000),
                };
            }
        }

        public string Name { get; }

        public double TimestampShare { get; }

        public Gpu[] Gpus { get; }

        public byte[] Scrape(int k, long? timestamp, Random rng)
        {
            foreach (var g in Gpus)
            {
                Step(g, k, rng);
            }

            var text = new StringBuilder();
            foreach (var (field, type, help) in Families)
            {
                text.Append("# HELP ").Append(field).Append(' ').Append(help).Append('\n');
                text.Append("# TYPE ").Append(field).Append(' ').Append(type).Append('\n');
                foreach (var g in Gpus)
                {
                    text.Append(field).Append(Labels(g, field == "DCGM_FI_DEV_XID_ERRORS")).Append(' ').Append(Value(g, field, rng));
                    if (timestamp is { } ts)
                    {
                        text.Append(' ').Append(ts.ToString(CultureInfo.InvariantCulture));
                    }

                    text.Append('\n');
                }
            }

            return Encoding.UTF8.GetBytes(text.ToString());
        }

        private static void Step(Gpu g, int k, Random rng)
        {
            var (sbe, dbe, xid) = (g.Sbe, g.Dbe, g.Xid);
            if (k == g.ReloadAt)
            {
                g.Sbe = 0;
                g.Dbe = 0;
                g.Xid = 0;
            }
            else
            {
                g.Sbe += rng.NextDouble() < 0.25 ? rng.Next(1, 5) : 0;
                g.Dbe += rng.NextDouble() < 0.02 ? 1 : 0;
            }

            if (g.Xids.TryGetValue(k, out var code))
            {
                g.Xid = code;
            }

            g.Util = Math.Clamp(g.Util + rng.Next(-15, 16), 0, 100);
            g.Used = Math.Clamp(g.Used + rng.Next(-1_500, 1_501), 500, g.TotalMiB - 500);
            g.EnergyMj += 5_000L * (100 + (g.Util * 5));
            if (k > 0)
            {
                g.SbeIncrease += g.Sbe >= sbe ? g.Sbe - sbe : g.Sbe;
                g.DbeIncrease += g.Dbe >= dbe ? g.Dbe - dbe : g.Dbe;
                g.NewXids += g.Xid != xid && g.Xid != 0 ? 1 : 0;
            }
        }

        private static string Value(Gpu g, string field, Random rng) => field switch
        {
            "DCGM_FI_DEV_SM_CLOCK" => Int(g.Util > 5 ? 1980 : 345),
            "DCGM_FI_DEV_GPU_TEMP" => Int(32 + (g.Util / 3) + rng.Next(0, 3)),
            "DCGM_FI_DEV_POWER_USAGE" => (70 + (g.Util * 5.3) + rng.NextDouble()).ToString("F6", CultureInfo.InvariantCulture),
            "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION" => Int(g.EnergyMj),
            "DCGM_FI_DEV_GPU_UTIL" => Int(g.Util),
            "DCGM_FI_DEV_MEM_COPY_UTIL" => Int(g.Util / 4),
            "DCGM_FI_DEV_XID_ERRORS" => Int(g.Xid),
            "DCGM_FI_DEV_FB_FREE" => Int(g.TotalMiB - g.Used),
            "DCGM_FI_DEV_FB_USED" => Int(g.Used),
            "DCGM_FI_DEV_ECC_SBE_VOL_TOTAL" => Int(g.Sbe),
            "DCGM_FI_DEV_ECC_DBE_VOL_TOTAL" => Int(g.Dbe),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a generated family"),
        };

        private string Labels(Gpu g, bool xid)
        {
            var s = new StringBuilder("{");
            s.Append(CultureInfo.InvariantCulture, $"gpu=\"{g.Index}\",UUID=\"{g.Uuid}\",pci_bus_id=\"00000000:{g.Index + 7:X2}:00.0\",");
            s.Append(CultureInfo.InvariantCulture, $"device=\"nvidia{g.Index}\",modelName=\"{_model}\",{_hostLabel}=\"{Name}\",");
            s.Append("DCGM_FI_DRIVER_VERSION=\"550.90.07\"");
            if (g.Pod is not null)
            {
                s.Append(",container=\"vllm\"");
            }

            if (xid)
            {
                s.Append(CultureInfo.InvariantCulture, $",err_code=\"{g.Xid}\",err_msg=\"{XidMessages[g.Xid]}\"");
            }

            if (g.Pod is not null)
            {
                s.Append(CultureInfo.InvariantCulture, $",namespace=\"inference\",pod=\"{g.Pod}\"");
            }

            return s.Append('}').ToString();
        }

        private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Uuid(Random rng)
        {
            Span<byte> b = stackalloc byte[16];
            rng.NextBytes(b);
            var hex = Convert.ToHexStringLower(b);
            return $"GPU-{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
        }
    }
}
