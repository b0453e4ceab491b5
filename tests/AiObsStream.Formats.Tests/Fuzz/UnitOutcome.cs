using System.Globalization;
using System.Text;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>What a parser made of one unit: accepted or not, its events (as comparable text), its rejects.</summary>
/// <param name="Accepted">Whether the unit was accepted.</param>
/// <param name="Events">Every event, projected to one line of text holding every field (so equality is value equality).</param>
/// <param name="Rejects">Record-level rejects of an accepted unit.</param>
/// <param name="Failure">Why the whole unit was rejected (when not accepted).</param>
/// <param name="Uncounted">Records understood but not turned into events (ignored or skipped), counted by the parser.</param>
/// <param name="Thrown">An exception the parser threw (it must never throw), else null.</param>
internal sealed record UnitOutcome(bool Accepted, string[] Events, ParseError[] Rejects, ParseError Failure, long Uncounted, Exception? Thrown)
{
    /// <summary>Every field of <paramref name="e"/> except <see cref="TelemetryEvent.Origin"/> (set by the reader, not the parser).</summary>
    public static string Project(in TelemetryEvent e)
    {
        var d = e.Dims;
        var text = new StringBuilder(256);
        text.Append(CultureInfo.InvariantCulture,
            $"{e.Kind}|{e.TimeUnixMs}|{d?.Source}|{d?.Deployment}|{d?.ModelName}|{d?.ModelVersion}|{d?.Operation}|{d?.Resource}|{d?.Host}|{d?.Gpu}");
        text.Append(CultureInfo.InvariantCulture,
            $"|{e.DedupKey}|{e.Status}|{e.Success}|{e.LatencyMs:R}|{e.TtftMs:R}|{e.QueueMs:R}|{e.PromptTokens:R}|{e.CompletionTokens:R}");
        text.Append(CultureInfo.InvariantCulture, $"|{e.Metric}|{e.Value:R}|{e.Count:R}|{e.Min:R}|{e.Max:R}|{e.Detail}");
        return text.ToString();
    }

    /// <summary>A one-line summary for failure reports.</summary>
    public string Describe() => Thrown is not null
        ? $"threw {Thrown.GetType().Name}: {Thrown.Message}"
        : Accepted
            ? $"accepted: {Events.Length} events, {Rejects.Length} record rejects{(Rejects.Length > 0 ? " (last: " + Rejects[^1].Reason + " " + Rejects[^1].Message + ")" : "")}, {Uncounted} uncounted"
            : $"rejected {Failure.Reason}: {Failure.Message}";
}
