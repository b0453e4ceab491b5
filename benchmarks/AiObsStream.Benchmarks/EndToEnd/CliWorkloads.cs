using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AiObsStream.Benchmarks.EndToEnd;

/// <summary>
/// The input files of the CLI harness, in the real wire formats (tests/data/h100-trace-a): Event Hubs bodies of 20
/// Azure OpenAI RequestResponse diagnostic records, every second one with its <c>properties</c> string-encoded as
/// Azure Monitor sends them, and dcgm-exporter text (a <c># TYPE</c> block per scrape, millisecond timestamps,
/// gauges and monotonic counters). Values come from fixed seeds, so a file is the same on every machine; files are
/// written once into the work folder and reused (the name carries the generator version).
/// </summary>
internal static class CliWorkloads
{
    /// <summary>Bump when the bytes a generator writes change, so cached files are not reused.</summary>
    private const string Version = "g1";

    /// <summary>.NET ticks of 2026-11-22T11:12:37.69Z, the first record of the bundled trace.</summary>
    private const long T0 = 639_309_427_576_922_718;

    private const long TicksAtEpoch = 621_355_968_000_000_000;

    /// <summary>Records per second in the streamed AOAI workloads (the busy deployment of the bundled trace).</summary>
    private const double RecordsPerSecond = 147.0;

    private const long DcgmMs0 = 1_763_810_000_000;

    private static readonly (string Name, bool Counter)[] DcgmFields =
    [
        ("DCGM_FI_DEV_GPU_UTIL", false), ("DCGM_FI_DEV_FB_USED", false), ("DCGM_FI_DEV_FB_FREE", false),
        ("DCGM_FI_DEV_GPU_TEMP", false), ("DCGM_FI_DEV_POWER_USAGE", false), ("DCGM_FI_DEV_SM_CLOCK", false),
        ("DCGM_FI_DEV_MEM_CLOCK", false), ("DCGM_FI_DEV_MEM_COPY_UTIL", false), ("DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", true),
        ("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", true),
    ];

    /// <summary>dcgm-exporter fields per GPU (so series = GPUs × this).</summary>
    public static int FieldsPerGpu => DcgmFields.Length;

    /// <summary>
    /// <paramref name="records"/> AOAI records at 147 per second from T0 (an hour of a busy deployment is ~528 K),
    /// over one deployment (<c>chat-prod</c>) or round-robin over <paramref name="deployments"/> (<c>chat-00</c>...).
    /// </summary>
    public static string AoaiStream(string work, int records, int deployments)
    {
        var path = Path.Combine(work, $"aoai-stream-{records}-d{deployments}.{Version}.jsonl");
        return Cached(path, tmp => WriteAoai(
            tmp,
            records,
            i => T0 + (long)(i / RecordsPerSecond * 1e7),
            i => deployments == 1 ? "chat-prod" : "chat-" + (i % deployments).ToString("D2", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// <paramref name="records"/> AOAI records spread over 20 seconds from T0 (all in one one-minute window), round-robin
    /// over <paramref name="deployments"/>: the open-window state of that many deployments at once.
    /// </summary>
    public static string AoaiOneWindow(string work, int records, int deployments)
    {
        var path = Path.Combine(work, $"aoai-window-{records}-d{deployments}.{Version}.jsonl");
        var step = 20 * TimeSpan.TicksPerSecond / records;
        return Cached(path, tmp => WriteAoai(
            tmp,
            records,
            i => T0 + (i * step),
            i => deployments == 1 ? "chat-prod" : "chat-" + (i % deployments).ToString("D4", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// dcgm-exporter scrapes every 15 s of <paramref name="gpus"/> GPUs × <paramref name="fields"/> fields (one
    /// series each), until <paramref name="lines"/> sample lines are written (comment lines not counted).
    /// </summary>
    public static string Dcgm(string work, int lines, int gpus, int fields)
    {
        var path = Path.Combine(work, $"dcgm-{lines}-g{gpus}-f{fields}.{Version}.prom");
        return Cached(path, tmp => WriteDcgm(tmp, lines, gpus, fields));
    }

    private static string Cached(string path, Action<string> write)
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"generating {path}");
            var tmp = path + ".tmp";
            write(tmp);
            File.Move(tmp, path, overwrite: true);
        }

        return path;
    }

    private static void WriteAoai(string path, int records, Func<int, long> ticksOf, Func<int, string> deploymentOf)
    {
        var rng = new Random(7);
        var relaxed = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var body = new Utf8JsonWriter(file, relaxed);
        var inner = new ArrayBufferWriter<byte>(512);
        using var props = new Utf8JsonWriter(inner, relaxed);
        for (var start = 0; start < records; start += 20)
        {
            body.WriteStartObject();
            body.WriteStartArray("records");
            for (var i = start; i < Math.Min(records, start + 20); i++)
            {
                var t = ticksOf(i);
                var durationMs = (rng.NextDouble() * 900) + 100;
                var requestLength = rng.Next(200, 3001);
                var responseLength = rng.Next(200, 901);
                body.WriteStartObject();
                body.WriteString("Tenant", "eastus2");
                body.WriteString("callerIpAddress", $"10.20.{rng.Next(0, 10)}.***");
                body.WriteString("category", "RequestResponse");
                body.WriteString("correlationId", i.ToString("x8", CultureInfo.InvariantCulture) + "-78e5-1061-7311-d8a3c2ce6f44");
                body.WriteNumber("durationMs", (int)durationMs);
                body.WriteString("event", "ShoeboxCallResult");
                body.WriteString("location", "eastus2");
                body.WriteString("operationName", "ChatCompletions_Create");
                inner.ResetWrittenCount();
                props.Reset(inner);
                props.WriteStartObject();
                props.WriteString("apiName", "Azure OpenAI API version 2024-10-21");
                props.WriteNumber("requestTime", t - (long)(durationMs * 1e4));
                props.WriteNumber("requestLength", requestLength);
                props.WriteNumber("responseTime", t);
                props.WriteNumber("responseLength", responseLength);
                props.WriteString("objectId", string.Empty);
                props.WriteString("streamType", "Streaming");
                props.WriteString("modelDeploymentName", deploymentOf(i));
                props.WriteString("modelName", "gpt-4o");
                props.WriteString("modelVersion", "2024-08-06");
                props.WriteEndObject();
                props.Flush();
                if (i % 2 == 1)
                {
                    body.WriteString("properties", inner.WrittenSpan);
                }
                else
                {
                    body.WritePropertyName("properties");
                    body.WriteRawValue(inner.WrittenSpan, skipInputValidation: true);
                }

                body.WriteString("resourceId", "/SUBSCRIPTIONS/4F1C2A7E-0B5D-4C1E-9A3B-7E2D1F0C6B8A/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI-PROD-EASTUS2");
                body.WriteString("resultSignature", rng.NextDouble() < 0.01 ? "429" : "200");
                body.WriteString("time", Iso(t));
                body.WriteEndObject();
            }

            body.WriteEndArray();
            body.WriteEndObject();
            body.Flush();
            file.WriteByte((byte)'\n');
            body.Reset(file);
        }
    }

    private static string Iso(long ticks)
    {
        var sinceEpoch = ticks - TicksAtEpoch;
        var time = new DateTime(ticks, DateTimeKind.Utc);
        return time.ToString("yyyy-MM-dd'T'HH:mm:ss.", CultureInfo.InvariantCulture)
            + (sinceEpoch % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture) + "Z";
    }

    private static void WriteDcgm(string path, int lines, int gpus, int fields)
    {
        var rng = new Random(7);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.NewLine = "\n";
        var written = 0;
        for (var scrape = 0; written < lines; scrape++)
        {
            var ms = DcgmMs0 + (scrape * 15_000L);
            for (var f = 0; f < fields; f++)
            {
                w.Write("# TYPE ");
                w.Write(DcgmFields[f].Name);
                w.WriteLine(DcgmFields[f].Counter ? " counter" : " gauge");
            }

            for (var g = 0; g < gpus && written < lines; g++)
            {
                var used = rng.Next(0, 81_560);
                for (var f = 0; f < fields && written < lines; f++, written++)
                {
                    var value = f switch
                    {
                        0 or 7 => rng.Next(0, 101).ToString(CultureInfo.InvariantCulture),
                        1 => used.ToString(CultureInfo.InvariantCulture),
                        2 => (81_559 - used).ToString(CultureInfo.InvariantCulture),
                        3 => rng.Next(30, 81).ToString(CultureInfo.InvariantCulture),
                        4 => ((rng.NextDouble() * 640) + 60).ToString("0.000", CultureInfo.InvariantCulture),
                        5 => "1980",
                        6 => "2619",
                        8 => "0",
                        _ => (4_078_537L + (g * 1000L) + (scrape * 4_500_000L) + rng.Next(0, 1000)).ToString(CultureInfo.InvariantCulture),
                    };
                    w.Write(string.Create(CultureInfo.InvariantCulture, $"{DcgmFields[f].Name}{{gpu=\"{g % 8}\",UUID=\"GPU-{g:D8}-df24-b66e-8801-dfc455b74600\",pci_bus_id=\"00000000:00:07.0\",device=\"nvidia{g % 8}\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"node-{g / 8:D4}\"}} {value} {ms}\n"));
                }
            }
        }
    }
}
