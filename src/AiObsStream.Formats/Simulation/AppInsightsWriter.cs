using System.Text.Json;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Formats.Simulation;

/// <summary>
/// Writes App Insights workspace-schema records in Event Hubs bodies (formats.md §1.4): calls as <c>AppDependencies</c>
/// (string-valued <c>Properties</c> with model_version, deployment, tokens.*, ttft_ms, queue_ms) and online evaluations
/// as <c>AppTraces</c> with <c>gen_ai.evaluation.name</c>, <c>gen_ai.evaluation.score.value</c> and
/// <c>gen_ai.evaluation.score.label</c>.
/// </summary>
internal static class AppInsightsWriter
{
    private const string ComponentPrefix =
        "/SUBSCRIPTIONS/4F1C2A7E-0B5D-4C1E-9A3B-7E2D1F0C6B8A/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.INSIGHTS/COMPONENTS/";

    public static void WriteDependencies(Stream output, IReadOnlyList<SimRequest> requests)
    {
        using var batcher = new BodyBatcher(output);
        foreach (var r in requests)
        {
            var d = SimFleet.Deployments[r.Deployment];
            var w = batcher.BeginRecord(r.EndTicks);
            WriteCommon(w, r.EndTicks, d, "AppDependencies", r.OperationId);
            w.WriteString("Id"u8, r.DependencyId);
            w.WriteString("Name"u8, d.IsChat ? "llm-inference"u8 : "embeddings"u8);
            w.WriteString("Target"u8, "aoai-prod-eastus2.openai.azure.com"u8);
            w.WriteString("DependencyType"u8, "HTTP"u8);
            w.WriteBoolean("Success"u8, r.Status is >= 200 and < 400);
            w.WriteString("ResultCode"u8, SimText.Number(r.Status));
            w.WriteNumber("DurationMs"u8, r.PathMs > 0 ? Math.Round(r.DurationMs + r.PathMs, 2) : r.DurationMs); // the caller's view: the way included
            w.WriteNumber("ItemCount"u8, 1);
            w.WriteStartObject("Properties"u8);
            w.WriteString("model_version"u8, r.ModelVersion);
            w.WriteString("deployment"u8, d.Name);
            w.WriteString("gen_ai.request.model"u8, d.Model);
            if (r.Status == 200)
            {
                w.WriteString("tokens.prompt"u8, SimText.Number(r.PromptTokens));
                w.WriteString("tokens.completion"u8, SimText.Number(r.CompletionTokens));
            }

            w.WriteString("request_id"u8, d.RequestPrefix + "-" + r.Sequence.ToString("D6", System.Globalization.CultureInfo.InvariantCulture));
            if (r.TtftMs > 0)
            {
                w.WriteString("ttft_ms"u8, SimText.Number(r.TtftMs));
            }

            if (r.QueueMs > 0)
            {
                w.WriteString("queue_ms"u8, SimText.Number(r.QueueMs));
            }

            // OTel GenAI attributes as the exporter writes them into Properties (strings): only on filtered calls, so runs
            // without content filtering write the records they always did.
            if (r.ContentFilter == SimContentFilter.Prompt)
            {
                w.WriteString("error.type"u8, "content_filter"u8);
            }
            else if (r.ContentFilter == SimContentFilter.Completion)
            {
                w.WriteString("gen_ai.response.finish_reasons"u8, "content_filter"u8);
            }

            w.WriteEndObject();
            batcher.EndRecord();
        }
    }

    public static void WriteEvaluations(Stream output, IReadOnlyList<SimEvaluation> evaluations)
    {
        using var batcher = new BodyBatcher(output);
        foreach (var e in evaluations)
        {
            var d = SimFleet.Deployments[e.Deployment];
            var w = batcher.BeginRecord(e.Ticks);
            WriteCommon(w, e.Ticks, d, "AppTraces", e.OperationId);
            w.WriteString("OperationName"u8, "chat"u8);
            w.WriteString("Message"u8, "gen_ai.evaluation.result"u8);
            w.WriteNumber("SeverityLevel"u8, 1);
            w.WriteNumber("ItemCount"u8, 1);
            w.WriteStartObject("Properties"u8);
            w.WriteString("gen_ai.evaluation.name"u8, e.Name);
            w.WriteString("gen_ai.evaluation.score.value"u8, SimText.Number(e.Score));
            w.WriteString("gen_ai.evaluation.score.label"u8, e.Label);
            w.WriteString("model_version"u8, e.ModelVersion);
            w.WriteString("deployment"u8, d.Name);
            w.WriteString("gen_ai.request.model"u8, d.Model);
            w.WriteEndObject();
            batcher.EndRecord();
        }
    }

    private static void WriteCommon(Utf8JsonWriter w, long ticks, SimDeployment d, string type, string operationId)
    {
        w.WriteString("time"u8, SimText.Time(ticks));
        w.WriteString("resourceId"u8, ComponentPrefix + d.AppRole.ToUpperInvariant());
        w.WriteString("Type"u8, type);
        w.WriteString("AppRoleName"u8, d.AppRole);
        w.WriteString("AppRoleInstance"u8, d.AppRole + "-5c8d9");
        w.WriteString("OperationId"u8, operationId);
    }
}
