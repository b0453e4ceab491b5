using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Formats.Simulation;

/// <summary>
/// Writes simulated calls as Azure OpenAI <c>RequestResponse</c> resource logs in Event Hubs bodies (formats.md §1.2):
/// <c>properties</c> is a JSON string in two records of three and an object in the third; times have 7 fractional
/// digits; <c>requestTime</c>/<c>responseTime</c> are .NET ticks; the caller IP's last octet is masked.
/// </summary>
internal static class AoaiDiagnosticsWriter
{
    public static void Write(Stream output, IReadOnlyList<SimRequest> requests, IReadOnlyList<SimAccess>? accesses = null)
    {
        var audits = accesses?.Where(a => !a.KeyVault).ToList() ?? [];
        var nextAudit = 0;
        var propertiesBuffer = new ArrayBufferWriter<byte>(1024);
        using var properties = new Utf8JsonWriter(propertiesBuffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        using var batcher = new BodyBatcher(output);
        int written = 0;
        foreach (var r in requests)
        {
            if (!r.Exported)
            {
                continue;
            }

            // Audit records ride in the same bodies as the account's requests, in time order (one diagnostic setting).
            for (; nextAudit < audits.Count && audits[nextAudit].Ticks <= r.EndTicks; nextAudit++)
            {
                KeyVaultAuditWriter.WriteAudit(batcher.BeginRecord(audits[nextAudit].Ticks), audits[nextAudit]);
                batcher.EndRecord();
            }

            var w = batcher.BeginRecord(r.EndTicks);
            var d = SimFleet.Deployments[r.Deployment];
            w.WriteString("Tenant"u8, "eastus2"u8);
            w.WriteString("callerIpAddress"u8, "10.20." + SimText.Number(r.CallerOctet) + ".***");
            w.WriteString("category"u8, "RequestResponse"u8);
            w.WriteString("correlationId"u8, r.CorrelationId);
            w.WriteNumber("durationMs"u8, (long)Math.Round(r.DurationMs));
            w.WriteString("event"u8, "ShoeboxCallResult"u8);
            w.WriteString("location"u8, "eastus2"u8);
            w.WriteString("operationName"u8, d.Operation);
            if (written++ % 3 == 0)
            {
                w.WritePropertyName("properties"u8);
                WriteProperties(w, r, d);
            }
            else
            {
                propertiesBuffer.Clear();
                properties.Reset(propertiesBuffer);
                WriteProperties(properties, r, d);
                properties.Flush();
                w.WriteString("properties"u8, propertiesBuffer.WrittenSpan);
            }

            w.WriteString("resourceId"u8, SimFleet.AccountResourceId);
            w.WriteString("resultSignature"u8, SimText.Number(r.Status));
            w.WriteString("time"u8, SimText.Time(r.EndTicks));
            batcher.EndRecord();
        }

        for (; nextAudit < audits.Count; nextAudit++)
        {
            KeyVaultAuditWriter.WriteAudit(batcher.BeginRecord(audits[nextAudit].Ticks), audits[nextAudit]);
            batcher.EndRecord();
        }
    }

    private static void WriteProperties(Utf8JsonWriter w, SimRequest r, SimDeployment d)
    {
        long durationTicks = (long)(r.DurationMs * TimeSpan.TicksPerMillisecond);
        w.WriteStartObject();
        w.WriteString("apiName"u8, "Azure OpenAI API version 2024-10-21"u8);
        w.WriteNumber("requestTime"u8, r.EndTicks - durationTicks);
        w.WriteNumber("requestLength"u8, 96 + (r.PromptTokens * 4));
        w.WriteNumber("responseTime"u8, r.EndTicks);
        w.WriteNumber("responseLength"u8, r.Status == 200 ? 280 + (d.IsChat ? r.CompletionTokens * 4 : 12_300) : 250);
        w.WriteString("objectId"u8, ""u8);
        w.WriteString("streamType"u8, d.IsChat ? "Streaming"u8 : "Non-Streaming"u8);
        w.WriteString("modelDeploymentName"u8, d.Name);
        w.WriteString("modelName"u8, d.Model);
        w.WriteString("modelVersion"u8, r.ModelVersion);
        w.WriteEndObject();
    }
}
