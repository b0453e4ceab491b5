namespace AiObsStream.Core.Security;

/// <summary>
/// One deployment's caller state: a Space-Saving summary of its callers, a fixed array of per-slot state beside it, and
/// the deployment's own window totals and baselines. Its size depends on the top-K setting only, never on the number of
/// distinct callers; what the slots do not track is the "other" share (totals minus the tracked callers).
/// </summary>
/// <remarks>
/// A slot's state is made when its slot is first taken (<see cref="Slot"/>), not up front: most deployments have a few
/// callers, and 32 slots made in advance were ~10 KB per deployment, most of a request series' memory (issue #12).
/// Space-Saving hands out slots 0, 1, 2, ... in order, so the slots made are always the first <c>Callers.Count</c>.
/// </remarks>
internal sealed class DeploymentCallers
{
    public DeploymentCallers(string deployment, string source, int topK)
    {
        Deployment = deployment;
        Source = source;
        Callers = new SpaceSaving(topK);
    }

    public string Deployment { get; }

    public string Source { get; }

    public SpaceSaving Callers { get; }

    /// <summary>The state of each slot taken so far (index = Space-Saving slot).</summary>
    public List<CallerSlot> Slots { get; } = [];

    /// <summary>Start of the open window (long.MinValue before the first request).</summary>
    public long WindowStart = long.MinValue;

    public double Requests;
    public double Tokens;
    public double Bytes;
    public double Sized;

    /// <summary>Baseline of the deployment's requests per window.</summary>
    public Ewma RequestBase;

    /// <summary>Baseline of the deployment's tokens per window.</summary>
    public Ewma TokenBase;

    /// <summary>Baseline of mean response bytes per request of the whole deployment.</summary>
    public Ewma BytesBase;

    /// <summary>Windows the deployment was active in.</summary>
    public int Windows;

    /// <summary>The state of <paramref name="slot"/>, made when the slot is first taken.</summary>
    public CallerSlot Slot(int slot)
    {
        while (Slots.Count <= slot)
        {
            Slots.Add(new CallerSlot());
        }

        return Slots[slot];
    }

    public void ClearWindow()
    {
        Requests = 0;
        Tokens = 0;
        Bytes = 0;
        Sized = 0;
        foreach (var s in Slots)
        {
            s.ClearWindow();
        }
    }
}
