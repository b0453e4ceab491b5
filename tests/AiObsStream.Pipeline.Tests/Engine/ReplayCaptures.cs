using System.Globalization;
using System.Text;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// Real-looking captures written from the format specifications (Azure OpenAI RequestResponse diagnostic records in
/// Event Hubs bodies, App Insights AppTraces evaluation records, dcgm-exporter text exposition), for any span of time.
/// </summary>
internal static class ReplayCaptures
{
    public static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Azure OpenAI diagnostic export: one body per line with <paramref name="perBody"/> records, one record every <paramref name="step"/>.</summary>
    public static List<string> AzureOpenAi(DateTime start, TimeSpan span, TimeSpan step, int perBody = 10, string deployment = "chat-prod")
    {
        var records = new List<string>();
        var n = 0;
        for (var t = start; t < start + span; t += step, n++)
        {
            var status = n % 50 == 49 ? "429" : "200";
            records.Add($$"""{"Tenant":"eastus2","callerIpAddress":"10.20.2.***","category":"RequestResponse","correlationId":"{{start.Ticks % 100_000_000:x8}}-0000-4000-8000-{{n:x12}}","durationMs":{{300 + (n * 37 % 500)}},"event":"ShoeboxCallResult","location":"eastus2","operationName":"ChatCompletions_Create","properties":{"apiName":"Azure OpenAI API version 2024-10-21","streamType":"Streaming","modelDeploymentName":"{{deployment}}","modelName":"gpt-4o","modelVersion":"2024-08-06"},"resourceId":"/SUBSCRIPTIONS/4F1C2A7E-0B5D-4C1E-9A3B-7E2D1F0C6B8A/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI-PROD-EASTUS2","resultSignature":"{{status}}","time":"{{Iso(t)}}"}""");
        }

        return Bodies(records, perBody);
    }

    /// <summary>App Insights export of GenAI evaluation results (AppTraces), <paramref name="perBody"/> records per body.</summary>
    public static List<string> AppInsightsEvaluations(DateTime start, TimeSpan span, TimeSpan step, int perBody = 40)
    {
        var records = new List<string>();
        var n = 0;
        for (var t = start; t < start + span; t += step, n++)
        {
            var score = 3 + (n % 3);
            records.Add($$"""{"time":"{{Iso(t)}}","resourceId":"/SUBSCRIPTIONS/4F1C2A7E-0B5D-4C1E-9A3B-7E2D1F0C6B8A/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.INSIGHTS/COMPONENTS/EVAL-WORKER","Type":"AppTraces","AppRoleName":"eval-worker","AppRoleInstance":"eval-worker-5c8d9","OperationId":"{{n:x32}}","OperationName":"chat","Message":"gen_ai.evaluation.result","SeverityLevel":1,"ItemCount":1,"Properties":{"gen_ai.evaluation.name":"groundedness","gen_ai.evaluation.score.value":"{{score}}","gen_ai.evaluation.score.label":"pass","model_version":"2024-08-06","deployment":"chat-prod","gen_ai.request.model":"gpt-4o""" + "\"}}");
        }

        return Bodies(records, perBody);
    }

    /// <summary>
    /// dcgm-exporter text exposition: <paramref name="gpus"/> GPUs scraped every <paramref name="interval"/>; with
    /// <paramref name="timestamps"/> false the samples carry none (as scraped), so they take the file's time.
    /// </summary>
    public static List<string> Dcgm(DateTime start, TimeSpan span, TimeSpan interval, bool timestamps = true, int gpus = 2)
    {
        var lines = new List<string>
        {
            "# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).",
            "# TYPE DCGM_FI_DEV_GPU_UTIL gauge",
            "# HELP DCGM_FI_DEV_FB_USED Framebuffer memory used (in MiB).",
            "# TYPE DCGM_FI_DEV_FB_USED gauge",
            "# HELP DCGM_FI_DEV_FB_FREE Framebuffer memory free (in MiB).",
            "# TYPE DCGM_FI_DEV_FB_FREE gauge",
            "# HELP DCGM_FI_DEV_GPU_TEMP GPU temperature (in C).",
            "# TYPE DCGM_FI_DEV_GPU_TEMP gauge",
        };
        var k = 0;
        for (var t = start; t < start + span; t += interval, k++)
        {
            var ms = new DateTimeOffset(t, TimeSpan.Zero).ToUnixTimeMilliseconds();
            for (var g = 0; g < gpus; g++)
            {
                var labels = $"gpu=\"{g}\",UUID=\"GPU-3a6d89bc-df24-b66e-8801-dfc455b7460{g}\",pci_bus_id=\"00000000:00:0{g + 7}.0\",device=\"nvidia{g}\",modelName=\"NVIDIA L4\",Hostname=\"aks-gpu-0\",DCGM_FI_DRIVER_VERSION=\"550.90.07\",container=\"inference\",namespace=\"ai\",pod=\"chat-prod-7d9f\"";
                var ts = timestamps ? " " + ms.ToString(CultureInfo.InvariantCulture) : string.Empty;
                lines.Add($"DCGM_FI_DEV_GPU_UTIL{{{labels}}} {40 + ((k + g) % 20)}{ts}");
                lines.Add($"DCGM_FI_DEV_FB_USED{{{labels}}} {9000 + (k % 100)}{ts}");
                lines.Add($"DCGM_FI_DEV_FB_FREE{{{labels}}} {13000 - (k % 100)}{ts}");
                lines.Add($"DCGM_FI_DEV_GPU_TEMP{{{labels}}} {55 + (k % 5)}{ts}");
            }
        }

        return lines;
    }

    private static List<string> Bodies(List<string> records, int perBody)
    {
        var bodies = new List<string>();
        for (var i = 0; i < records.Count; i += perBody)
        {
            var body = new StringBuilder("{\"records\":[");
            body.AppendJoin(',', records.Skip(i).Take(perBody));
            bodies.Add(body.Append("]}").ToString());
        }

        return bodies;
    }
}
