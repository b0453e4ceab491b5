using AiObsStream.Core.Events;

namespace AiObsStream.Core.Cost;

/// <summary>The minute-level spend of one deployment for the <c>spend-surge</c> rule.</summary>
internal sealed class SpendSurgeState
{
    /// <summary>Start of the oldest surge window not yet closed.</summary>
    public long NextMs;

    /// <summary>Open windows: start → model version → (USD, requests).</summary>
    public SortedDictionary<long, SortedDictionary<string, (double Usd, long Requests)>> Open { get; } = [];

    /// <summary>The last <see cref="SpendSurgeOptions.BaselineWindows"/> windows that were not surging, oldest first:
    /// USD and USD per request (both NaN when the window had no requests: unknown, not zero).</summary>
    public List<(double Usd, double PerRequest)> Baseline { get; } = [];

    /// <summary>Dimensions of the latest token cost row (not GPU rows), for the alert.</summary>
    public SeriesDims? Dims;

    /// <summary>The model version with the most spend in the last closed window.</summary>
    public string Version = string.Empty;

    /// <summary>Consecutive breaching windows (while not firing) or consecutive windows back under the resolve line (while firing).</summary>
    public int Run;

    /// <summary>Start of the first breaching window of the current run.</summary>
    public long RunStartMs;

    public string? AlertId;
    public long StartsAt;

    /// <summary>Peak spend per minute and the spend per request of that window, while firing.</summary>
    public double PeakUsdPerMinute;
    public double PeakPerRequest;

    public void Push((double Usd, double PerRequest) window, int capacity)
    {
        Baseline.Add(window);
        if (Baseline.Count > capacity)
        {
            Baseline.RemoveAt(0);
        }
    }

    /// <summary>Whether the baseline holds no window with requests (processing an empty window changes nothing then).</summary>
    public bool NothingKnown()
    {
        foreach (var (usd, _) in Baseline)
        {
            if (!double.IsNaN(usd))
            {
                return false;
            }
        }

        return true;
    }
}
