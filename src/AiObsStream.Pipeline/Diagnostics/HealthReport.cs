using System.Text.Json;

namespace AiObsStream.Pipeline.Diagnostics;

/// <summary>The answer of a health probe: OK, or the reasons it is not (each names what to look at).</summary>
/// <param name="Status">"ok", "starting", "not ready" or "failed".</param>
/// <param name="Reasons">Why not OK (empty when OK).</param>
public sealed record HealthReport(string Status, IReadOnlyList<string> Reasons)
{
    /// <summary>Whether the probe passes (HTTP 200; otherwise 503).</summary>
    public bool Ok => Reasons.Count == 0;

    /// <summary>The JSON body: <c>{"status":"...","reasons":["..."]}</c>.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("status", Status);
            w.WriteStartArray("reasons");
            foreach (var reason in Reasons)
            {
                w.WriteStringValue(reason);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
