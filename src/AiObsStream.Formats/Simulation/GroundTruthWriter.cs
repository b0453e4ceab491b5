using System.Text.Json;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Formats.Simulation;

/// <summary>Writes <see cref="GroundTruth"/> as indented JSON (times as ISO-8601 and Unix milliseconds); each incident
/// carries its <c>Cause</c> (wire name, null for a control) and <c>Hosts</c> beside the older fields.</summary>
internal static class GroundTruthWriter
{
    public static void Write(Stream output, GroundTruth truth)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("start"u8, SimText.TimeMs(truth.StartUnixMs));
        w.WriteString("end"u8, SimText.TimeMs(truth.EndUnixMs));
        w.WriteNumber("seed"u8, truth.Seed);
        w.WriteStartObject("release"u8);
        w.WriteString("deployment"u8, SimFleet.ChatProd);
        w.WriteString("fromVersion"u8, SimFleet.ChatProdVersion);
        w.WriteString("toVersion"u8, SimFleet.ChatProdRelease);
        w.WriteString("at"u8, SimText.TimeMs(truth.ReleaseUnixMs));
        w.WriteNumber("atUnixMs"u8, truth.ReleaseUnixMs);
        w.WriteEndObject();
        w.WriteStartArray("deployments"u8);
        foreach (var d in SimFleet.Deployments)
        {
            w.WriteStartObject();
            w.WriteString("name"u8, d.Name);
            w.WriteString("model"u8, d.Model);
            w.WriteString("version"u8, d.Version);
            w.WriteNumber("ratePerSecond"u8, d.RatePerSecond);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("incidents"u8);
        foreach (var i in truth.Incidents)
        {
            w.WriteStartObject();
            w.WriteString("kind"u8, IncidentCatalog.Name(i.Kind));
            if (i.Cause is { } cause)
            {
                w.WriteString("Cause"u8, IncidentCauses.Name(cause));
            }
            else
            {
                w.WriteNull("Cause"u8); // a control: no incident is expected
            }

            w.WriteString("spec"u8, i.Spec);
            w.WriteString("start"u8, SimText.TimeMs(i.StartUnixMs));
            w.WriteString("end"u8, SimText.TimeMs(i.EndUnixMs));
            w.WriteNumber("startUnixMs"u8, i.StartUnixMs);
            w.WriteNumber("endUnixMs"u8, i.EndUnixMs);
            w.WriteString("deployment"u8, i.Deployment);
            w.WriteString("modelVersion"u8, i.ModelVersion);
            w.WriteStartArray("Hosts"u8);
            foreach (var h in i.Hosts)
            {
                w.WriteStringValue(h);
            }

            w.WriteEndArray();
            w.WriteString("effect"u8, i.Effect);
            w.WriteStartArray("expectedSignals"u8);
            foreach (var s in i.ExpectedSignals)
            {
                w.WriteStringValue(s);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
