using System.Globalization;
using System.Text;

namespace AiObsStream.Benchmarks.Formats;

/// <summary>Builds benchmark inputs with the exact shapes of the H100 trace (tests/data/h100-trace-a).</summary>
internal static class JsonBenchData
{
    public const string LogLine = """{"timestamp": "2026-11-22T11:12:38.2045420Z", "level": "INFO", "service": "inference-api", "model_version": "2024-08-06", "deployment": "chat-prod", "request_id": "A-000001", "status": 200, "tokens_used": 116, "prompt_tokens": 65, "completion_tokens": 51, "latency_ms": 512.27, "ttft_ms": 64.16, "queue_ms": 0.14}""";

    private const string Props = """{"apiName":"Azure OpenAI API version 2024-10-21","requestTime":639309427576922718,"requestLength":440,"responseTime":639309427582045416,"responseLength":554,"objectId":"","streamType":"Streaming","modelDeploymentName":"chat-prod","modelName":"gpt-4o","modelVersion":"2024-08-06"}""";

    public static string AoaiBody(int records)
    {
        var sb = new StringBuilder("{\"records\":[");
        for (var i = 0; i < records; i++)
        {
            var props = i % 3 == 0 ? Props : "\"" + Props.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
            sb.Append(CultureInfo.InvariantCulture, $$"""{"Tenant":"eastus2","callerIpAddress":"10.20.2.***","category":"RequestResponse","correlationId":"a6cecc1b-78e5-1061-7311-d8a3c2ce{{i:x4}}","durationMs":512,"event":"ShoeboxCallResult","location":"eastus2","operationName":"ChatCompletions_Create","properties":{{props}},"resourceId":"/SUBSCRIPTIONS/4F1C2A7E-0B5D-4C1E-9A3B-7E2D1F0C6B8A/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI-PROD-EASTUS2","resultSignature":"200","time":"2026-11-22T11:12:38.2045420Z"}""");
            sb.Append(i + 1 < records ? "," : "]}");
        }

        return sb.ToString();
    }

    public static string AppInsightsBody(int records)
    {
        var sb = new StringBuilder("{\"records\":[");
        for (var i = 0; i < records; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $$$"""{"time":"2026-11-22T11:12:38.2045420Z","resourceId":"/SUBSCRIPTIONS/4F1C2A7E-0B5D-4C1E-9A3B-7E2D1F0C6B8A/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.INSIGHTS/COMPONENTS/CHAT-API","Type":"AppDependencies","AppRoleName":"chat-api","AppRoleInstance":"chat-api-5c8d9","OperationId":"18072e8c35bf992dc9e9c61661{{{i:x6}}}","Id":"0741c7a87ce42c82","Name":"llm-inference","Target":"aoai-prod-eastus2.openai.azure.com","DependencyType":"HTTP","Success":true,"ResultCode":"200","DurationMs":512.27,"ItemCount":1,"Properties":{"model_version":"2024-08-06","deployment":"chat-prod","gen_ai.request.model":"gpt-4o","tokens.prompt":"65","tokens.completion":"51","request_id":"A-000001","ttft_ms":"64.16","queue_ms":"0.14"}}""");
            sb.Append(i + 1 < records ? "," : "]}");
        }

        return sb.ToString();
    }
}
