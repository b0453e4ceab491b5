using System.Globalization;

namespace AiObsStream.Formats.Prometheus;

/// <summary>
/// The plausible range of each DCGM field, in one place: a value outside it is an <c>invalid_value</c> reject
/// (a damaged line, a unit mix-up, a 400-digit number), not a reading. The README's "DCGM value ranges" table lists them.
/// </summary>
/// <remarks>
/// The bounds are physical or definitional (percentages, ratios, counters that never go negative) with a wide margin
/// for current and next hardware; they are not tuned to any capture. Fields not listed only need a finite value.
/// </remarks>
internal static class DcgmValueRanges
{
    /// <summary>Counters are int64 in DCGM; the blank sentinels above this are skipped before the range check.</summary>
    private const double Int64Max = 9223372036854775807d;

    /// <summary>Checks <paramref name="value"/> of <paramref name="field"/>.</summary>
    /// <returns>Null when plausible, else the message for the reject.</returns>
    public static string? Check(string field, double value)
    {
        if (!double.IsFinite(value))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{field} value {value} is not finite");
        }

        var (min, max, unit) = Range(field);
        return value >= min && value <= max
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"{field} value {value:R} is outside its plausible range {min:R}..{max:R} {unit} (README: DCGM value ranges)");
    }

    /// <summary>The inclusive range and unit of a field.</summary>
    internal static (double Min, double Max, string Unit) Range(string field) => field switch
    {
        "DCGM_FI_DEV_GPU_UTIL" or "DCGM_FI_DEV_MEM_COPY_UTIL" or "DCGM_FI_DEV_ENC_UTIL" or "DCGM_FI_DEV_DEC_UTIL" => (0, 100, "%"),
        "DCGM_FI_DEV_GPU_TEMP" or "DCGM_FI_DEV_MEMORY_TEMP" => (-50, 150, "°C"),
        "DCGM_FI_DEV_POWER_USAGE" => (0, 5_000, "W"),
        "DCGM_FI_DEV_FB_USED" or "DCGM_FI_DEV_FB_FREE" or "DCGM_FI_DEV_FB_RESERVED" => (0, 16_777_216, "MiB"),
        "DCGM_FI_DEV_SM_CLOCK" or "DCGM_FI_DEV_MEM_CLOCK" => (0, 20_000, "MHz"),
        "DCGM_FI_DEV_XID_ERRORS" => (0, 100_000, "(XID code)"),
        "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION" => (0, Int64Max, "mJ"),
        _ when field.StartsWith("DCGM_FI_DEV_ECC_", StringComparison.Ordinal)
            || field.EndsWith("_COUNTER", StringComparison.Ordinal)
            || field.EndsWith("_REMAPPED_ROWS", StringComparison.Ordinal)
            || field.EndsWith("_TOTAL", StringComparison.Ordinal) => (0, Int64Max, "(count)"),
        _ when field.StartsWith("DCGM_FI_PROF_", StringComparison.Ordinal) && field.EndsWith("_ACTIVE", StringComparison.Ordinal)
            || field is "DCGM_FI_PROF_SM_OCCUPANCY" => (0, 1, "(ratio)"),
        _ when field.EndsWith("_BYTES", StringComparison.Ordinal) => (0, double.MaxValue, "bytes/s"),
        _ => (double.MinValue, double.MaxValue, string.Empty),
    };
}
