namespace AiObsStream.Core.Security;

/// <summary>The state of one tracked identity of a vault or account: this window's counts, baseline, hour profile.</summary>
internal sealed class AccessSlot
{
    /// <summary>Secret and key reads in the open window.</summary>
    public double Reads;

    /// <summary>Key list operations in the open window.</summary>
    public int KeyLists;

    /// <summary>Key regenerations in the open window.</summary>
    public int KeyRegenerations;

    /// <summary>Whether the identity was first seen (after the warm-up) in the open window.</summary>
    public bool New;

    /// <summary>Accesses in the open window that fell in an hour unusual for the identity.</summary>
    public int OffHours;

    /// <summary>The last operation seen in the open window (alert Operation column).</summary>
    public string Operation = string.Empty;

    /// <summary>Baseline of reads per active window.</summary>
    public Ewma ReadBase;

    /// <summary>Active windows folded into the baseline.</summary>
    public int Windows;

    /// <summary>Event time of the identity's first access in this slot.</summary>
    public long FirstMs = long.MinValue;

    /// <summary>Accesses per UTC hour of day (the hour-of-day profile).</summary>
    public readonly double[] Hours = new double[24];

    /// <summary>The sum of <see cref="Hours"/>.</summary>
    public double HourTotal;

    /// <summary>Per-rule alert state, indexed as <see cref="AccessMonitor"/>'s rule constants.</summary>
    public readonly CallerSlot.AlertState[] Alerts = [new(), new(), new(), new()];

    /// <summary>Clears the open window's counts.</summary>
    public void ClearWindow()
    {
        Reads = 0;
        KeyLists = 0;
        KeyRegenerations = 0;
        New = false;
        OffHours = 0;
    }

    /// <summary>Forgets everything (the slot was taken by another identity).</summary>
    public void Reset()
    {
        ClearWindow();
        Operation = string.Empty;
        ReadBase = default;
        Windows = 0;
        FirstMs = long.MinValue;
        Array.Clear(Hours);
        HourTotal = 0;
        foreach (var a in Alerts)
        {
            a.Firing = false;
        }
    }
}
