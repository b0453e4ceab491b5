using AiObsStream.Core.State;

namespace AiObsStream.Core.Security;

/// <summary>Exact binary forms of the security monitors' shared parts: baselines and per-rule alert states.</summary>
internal static class SecurityStateCodec
{
    public static void WriteEwma(BinaryWriter w, in Ewma e)
    {
        w.Write(e.Mean);
        w.Write(e.Variance);
        w.Write(e.Samples);
    }

    public static Ewma ReadEwma(BinaryReader r)
    {
        var e = new Ewma { Mean = r.ReadDouble(), Variance = r.ReadDouble(), Samples = r.ReadInt32() };
        StateFrame.Check(e.Samples >= 0, $"a baseline has {e.Samples} samples");
        return e;
    }

    public static void WriteAlerts(BinaryWriter w, CallerSlot.AlertState[] alerts)
    {
        w.Write(alerts.Length);
        foreach (var a in alerts)
        {
            w.Write(a.Firing);
            w.Write(a.StartsAt);
            w.Write(a.AlertId);
        }
    }

    /// <summary>Reads alert states into <paramref name="alerts"/>, whose length (the number of rules) must match.</summary>
    public static void ReadAlerts(BinaryReader r, CallerSlot.AlertState[] alerts)
    {
        var n = r.ReadInt32();
        StateFrame.Check(n == alerts.Length, $"{n} alert states saved for {alerts.Length} rules");
        foreach (var a in alerts)
        {
            a.Firing = r.ReadBoolean();
            a.StartsAt = r.ReadInt64();
            a.AlertId = r.ReadString();
        }
    }
}
