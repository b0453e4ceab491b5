using System.Globalization;

namespace AiObsStream.Core.Anomaly;

/// <summary>
/// The practical-effect floor of an anomaly rule: the smallest departure from the expected value worth an alert,
/// <c>max(Absolute, Relative × |expected|)</c>, whatever the detector's statistics say.
/// </summary>
/// <param name="Absolute">Smallest departure in the metric's unit (percentage points, ms, W, °C, MHz); 0 = none.</param>
/// <param name="Relative">Smallest departure as a fraction of the expected value (0.25 = 25 %); 0 = none.</param>
/// <param name="Unit">Unit word used in alert summaries (<c>pts</c>, <c>ms</c>, <c>W</c>...); empty when unitless.</param>
public readonly record struct AnomalyFloor(double Absolute, double Relative, string Unit)
{
    /// <summary>No floor: only the detector and the band decide.</summary>
    public static AnomalyFloor None { get; } = new(0, 0, string.Empty);

    /// <summary>True when the floor can be above zero.</summary>
    public bool IsSet => Absolute > 0 || Relative > 0;

    /// <summary>The floor around <paramref name="expected"/>: max(absolute, relative × |expected|).</summary>
    public double At(double expected) => Math.Max(Absolute, Relative * Math.Abs(expected));

    /// <summary>"5 pts", "200 ms": the floor around <paramref name="expected"/> with its unit, for summaries.</summary>
    public string Describe(double expected) => Unit.Length == 0
        ? At(expected).ToString("0.###", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{At(expected):0.###} {Unit}");
}
