using System.Globalization;
using System.Text;

namespace AiObsStream.Benchmarks.EndToEnd;

/// <summary>
/// Writes a large synthetic input in the real wire formats (Event Hubs bodies of Azure OpenAI records with
/// string-encoded properties, App Insights dependency bodies, dcgm-exporter lines with timestamps) for throughput
/// and memory runs. Shapes follow tests/data/h100-trace-a; values are pseudo-random with a fixed seed.
/// </summary>
internal static class SyntheticTrace
{
    private const long TicksAtEpoch = 621_355_968_000_000_000;

    public static string[] Write(string dir, int minutes, int requestsPerSecond, int gpus, int deployments)
    {
        Directory.CreateDirectory(dir);
        var aoai = Path.Combine(dir, "aoai.jsonl");
        var ai = Path.Combine(dir, "appinsights.jsonl");
        var dcgm = Path.Combine(dir, "dcgm.prom");
        var rng = new Random(42);
        var start = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        using (var a = new StreamWriter(aoai, false, new UTF8Encoding(false), 1 << 20))
        using (var b = new StreamWriter(ai, false, new UTF8Encoding(false), 1 << 20))
        {
            var total = (long)minutes * 60 * requestsPerSecond;
            var body = new StringBuilder();
            var body2 = new StringBuilder();
            for (long i = 0; i < total; i += 20)
            {
                body.Clear().Append("{\"records\":[");
                body2.Clear().Append("{\"records\":[");
                for (var k = 0; k < 20; k++)
                {
                    var t = start + ((i + k) * 1000 / requestsPerSecond);
                    var dep = "chat-" + ((i + k) % deployments).ToString(CultureInfo.InvariantCulture);
                    var version = (i + k) % 3 == 0 ? "2024-11-20" : "2024-08-06";
                    var latency = 200 + rng.Next(0, 900);
                    var status = rng.Next(0, 100) == 0 ? "429" : "200";
                    if (k > 0)
                    {
                        body.Append(',');
                        body2.Append(',');
                    }

                    AppendAoai(body, i + k, t, dep, version, latency, status, k % 3 != 0);
                    AppendAppInsights(body2, i + k, t, dep, version, latency, status, rng);
                }

                a.Write(body.Append("]}\n"));
                b.Write(body2.Append("]}\n"));
            }
        }

        using (var d = new StreamWriter(dcgm, false, new UTF8Encoding(false), 1 << 20))
        {
            string[] fields = ["DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE", "DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_SM_CLOCK", "DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", "DCGM_FI_DEV_XID_ERRORS"];
            for (long s = 0; s < minutes * 60L; s++)
            {
                var t = start + (s * 1000);
                for (var g = 0; g < gpus; g++)
                {
                    foreach (var f in fields)
                    {
                        var v = f switch { "DCGM_FI_DEV_FB_USED" => 40000 + rng.Next(0, 30000), "DCGM_FI_DEV_FB_FREE" => 11000, _ => rng.Next(0, 100) };
                        d.Write(string.Create(CultureInfo.InvariantCulture,
                            $"{f}{{gpu=\"{g % 8}\",UUID=\"GPU-{g:D8}-0000-0000-0000-000000000000\",pci_bus_id=\"00000000:00:07.0\",device=\"nvidia{g % 8}\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"aks-gpu-{g / 8}\",DCGM_FI_DRIVER_VERSION=\"580.159.04\",container=\"inference\",namespace=\"ai\",pod=\"chat-{g % deployments}-7d9f\"}} {v} {t}\n"));
                    }
                }
            }
        }

        return [aoai, ai, dcgm];
    }

    private static void AppendAoai(StringBuilder sb, long id, long t, string dep, string version, int latency, string status, bool propertiesAsString)
    {
        var ticks = TicksAtEpoch + (t * 10_000);
        var props = string.Create(CultureInfo.InvariantCulture,
            $"{{\"apiName\":\"Azure OpenAI API version 2024-10-21\",\"requestTime\":{ticks - (latency * 10_000L)},\"requestLength\":440,\"responseTime\":{ticks},\"responseLength\":554,\"objectId\":\"\",\"streamType\":\"Streaming\",\"modelDeploymentName\":\"{dep}\",\"modelName\":\"gpt-4o\",\"modelVersion\":\"{version}\"}}");
        var time = DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        sb.Append(CultureInfo.InvariantCulture, $"{{\"Tenant\":\"eastus2\",\"callerIpAddress\":\"10.20.2.***\",\"category\":\"RequestResponse\",\"correlationId\":\"{id:x8}-78e5-1061-7311-d8a3c2ce6f44\",\"durationMs\":{latency},\"event\":\"ShoeboxCallResult\",\"location\":\"eastus2\",\"operationName\":\"ChatCompletions_Create\",\"properties\":");
        if (propertiesAsString)
        {
            sb.Append('"').Append(props.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            sb.Append(props);
        }

        sb.Append(CultureInfo.InvariantCulture, $",\"resourceId\":\"/SUBSCRIPTIONS/4F1C2A7E-0B5D-4C1E-9A3B-7E2D1F0C6B8A/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI-PROD-EASTUS2\",\"resultSignature\":\"{status}\",\"time\":\"{time}\"}}");
    }

    private static void AppendAppInsights(StringBuilder sb, long id, long t, string dep, string version, int latency, string status, Random rng)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        sb.Append(CultureInfo.InvariantCulture,
            $"{{\"time\":\"{time}\",\"resourceId\":\"/SUBSCRIPTIONS/4F1C2A7E/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.INSIGHTS/COMPONENTS/CHAT-API\",\"Type\":\"AppDependencies\",\"AppRoleName\":\"chat-api\",\"OperationId\":\"{id:x32}\",\"Id\":\"{id:x16}\",\"Name\":\"llm-inference\",\"Target\":\"aoai-prod-eastus2.openai.azure.com\",\"DependencyType\":\"HTTP\",\"Success\":{(status == "200" ? "true" : "false")},\"ResultCode\":\"{status}\",\"DurationMs\":{latency}.27,\"ItemCount\":1,\"Properties\":{{\"model_version\":\"{version}\",\"deployment\":\"{dep}\",\"gen_ai.request.model\":\"gpt-4o\",\"tokens.prompt\":\"{rng.Next(20, 900)}\",\"tokens.completion\":\"{rng.Next(10, 300)}\",\"request_id\":\"A-{id}\",\"ttft_ms\":\"{latency / 5}.16\",\"queue_ms\":\"0.14\"}}}}");
    }
}
