namespace AiObsStream.Core.Incidents;

/// <summary>A deployment's load in one window, from the one trusted source, judged against its own recent baseline.</summary>
/// <param name="StartMs">Window start (Unix ms).</param>
/// <param name="Requests">Requests in the window (trusted source only, summed over versions and operations).</param>
/// <param name="Http429">Throttled requests among them.</param>
/// <param name="Baseline">Median requests of the previous non-surge windows (NaN while too few are known).</param>
/// <param name="Surge">True when the window is a surge (see <see cref="IncidentOptions.SurgeRatio"/>).</param>
internal readonly record struct LoadWindow(long StartMs, double Requests, double Http429, double Baseline, bool Surge)
{
    /// <summary>Requests over the baseline (NaN when no baseline).</summary>
    public double Ratio => Baseline > 0 ? Requests / Baseline : double.NaN;

    /// <summary>Share of throttled requests (0 when no requests).</summary>
    public double Share429 => Requests > 0 ? Http429 / Requests : 0;
}
