using AiObsStream.Core.Operators;

namespace AiObsStream.Core.Versions;

/// <summary>Per-deployment memory of the verdict: window history per version and the alert in progress.</summary>
internal sealed class RegressionState
{
    public string ModelName = string.Empty;

    /// <summary>
    /// Recent window samples per version, oldest first; versions in ordinal order. A deployment runs one or two versions:
    /// a small sorted array, not a sorted map (~220 B more per deployment: #12, memory per request series).
    /// </summary>
    public SmallOrdinalMap<List<WindowSample>> History { get; } = new();

    /// <summary>The firing alert, or null.</summary>
    public FiringRegression? Firing;

    /// <summary>Consecutive evaluations without a regressed signal while firing.</summary>
    public int CleanEvaluations;

    /// <summary>End of the last resolved alert of the current rollout (a new alert starts no earlier).</summary>
    public long LastResolvedMs = long.MinValue;

    public void Add(string version, WindowSample sample, int keep)
    {
        if (!History.TryGetValue(version, out var list))
        {
            History[version] = list = [];
        }

        // A window is observed once; guard against replays (a loop, not RemoveAll: its closure was ~100 B per
        // deployment and window, #12).
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (list[i].StartMs == sample.StartMs)
            {
                list.RemoveAt(i);
            }
        }

        list.Add(sample);
        if (list.Count > keep)
        {
            list.RemoveRange(0, list.Count - keep);
        }
    }
}
