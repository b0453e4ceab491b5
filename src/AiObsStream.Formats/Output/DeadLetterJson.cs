using System.Text.Json;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Output;

/// <summary>Serializes dead letters (one JSON object per rejected unit or record).</summary>
public static class DeadLetterJson
{
    /// <summary>The reason as written (snake case: malformed, unknown_shape, too_large, late, invalid_value, too_far_ahead, series_budget).</summary>
    public static string ReasonName(RejectReason reason) => reason switch
    {
        RejectReason.Malformed => "malformed",
        RejectReason.UnknownShape => "unknown_shape",
        RejectReason.TooLarge => "too_large",
        RejectReason.Late => "late",
        RejectReason.InvalidValue => "invalid_value",
        RejectReason.TooFarAhead => "too_far_ahead",
        RejectReason.SeriesBudget => "series_budget",
        _ => "unknown",
    };

    /// <summary>Writes one dead letter as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, DeadLetter item)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(item);
        writer.WriteStartObject();
        writer.WriteString("Input", item.Input);
        writer.WriteNumber("Position", item.Position);
        if (item.RecordIndex >= 0)
        {
            writer.WriteNumber("RecordIndex", item.RecordIndex);
        }

        writer.WriteString("Reason", ReasonName(item.Reason));
        writer.WriteString("Message", item.Message);
        writer.WriteNumber("Bytes", item.Bytes);
        writer.WriteString("Excerpt", item.Excerpt);
        writer.WriteEndObject();
    }
}
