namespace AiObsStream.Core.Security;

/// <summary>What the monitor keeps for one tracked caller of one deployment: the open window's counters and its baselines.</summary>
internal sealed class CallerSlot
{
    /// <summary>Requests in the open window.</summary>
    public double Requests;

    /// <summary>Prompt + completion tokens in the open window (requests that carry them).</summary>
    public double Tokens;

    /// <summary>Response bytes in the open window.</summary>
    public double Bytes;

    /// <summary>Requests of the open window that carry a response size.</summary>
    public double Sized;

    /// <summary>The model version of the caller's latest request (alerts carry it).</summary>
    public string ModelVersion = string.Empty;

    /// <summary>The model name of the caller's latest request.</summary>
    public string ModelName = string.Empty;

    /// <summary>Baseline of requests per active window.</summary>
    public Ewma RequestBase;

    /// <summary>Baseline of tokens per active window.</summary>
    public Ewma TokenBase;

    /// <summary>Baseline of mean response bytes per request.</summary>
    public Ewma BytesBase;

    /// <summary>Windows this caller was active in since it took the slot.</summary>
    public int Windows;

    /// <summary>Alert state per rule (surge, new caller share, large responses).</summary>
    public readonly AlertState[] Alerts = [new(), new(), new()];

    /// <summary>Clears the open window's counters.</summary>
    public void ClearWindow()
    {
        Requests = 0;
        Tokens = 0;
        Bytes = 0;
        Sized = 0;
    }

    /// <summary>Forgets everything: the slot now tracks another caller.</summary>
    public void Reset()
    {
        ClearWindow();
        RequestBase = default;
        TokenBase = default;
        BytesBase = default;
        Windows = 0;
        foreach (var a in Alerts)
        {
            a.Firing = false;
            a.AlertId = string.Empty;
        }
    }

    /// <summary>One rule's firing state for this caller.</summary>
    internal sealed class AlertState
    {
        public bool Firing;
        public long StartsAt;
        public string AlertId = string.Empty;
    }
}
