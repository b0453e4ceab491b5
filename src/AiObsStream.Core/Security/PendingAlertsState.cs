using AiObsStream.Core.Rules;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Security;

/// <summary>
/// The binary form of alerts a monitor has raised but its host has not handed on yet (the sequencer passes the event
/// monitors' alerts on with the next punctuation, so a checkpoint taken in between must keep them).
/// </summary>
public static class PendingAlertsState
{
    /// <summary>Writes <paramref name="alerts"/> exactly.</summary>
    public static void Write(BinaryWriter w, IReadOnlyList<AlertEvent> alerts)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(alerts);
        w.Write(alerts.Count);
        foreach (var a in alerts)
        {
            StateCodec.WriteAlert(w, a);
        }
    }

    /// <summary>Reads alerts written by <see cref="Write"/> onto <paramref name="into"/>.</summary>
    /// <exception cref="InvalidDataException">The data is truncated or corrupt.</exception>
    public static void Read(BinaryReader r, List<AlertEvent> into)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(into);
        var n = StateFrame.ReadCount(r, "pending monitor alerts", 1 << 20);
        for (var i = 0; i < n; i++)
        {
            into.Add(StateCodec.ReadAlert(r));
        }
    }
}
