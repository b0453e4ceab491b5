using System.Globalization;

namespace AiObsStream.Cli.ConsoleView;

/// <summary>
/// Turns a <see cref="ProgressSnapshot"/> and the current rates into one line of text: for files the share read, the
/// speed and the ETA; for live inputs the lag, the watermark delay and the open incidents; records, rate and rejects for
/// both. A terminal line fits the terminal's width by dropping the least useful parts first.
/// </summary>
internal static class ProgressRenderer
{
    private const string Separator = " | ";

    /// <summary>A line for a terminal: at most <paramref name="width"/> - 1 characters (the last column would wrap).</summary>
    public static string TerminalLine(ProgressSnapshot snapshot, RateMeter rates, long nowUnixMs, int width)
    {
        var parts = Parts(snapshot, rates, nowUnixMs);
        var max = Math.Max(1, width - 1);
        // Drop the lowest-priority parts until the line fits; keep the order they are shown in.
        while (parts.Count > 1 && 2 + Join(parts).Length > max)
        {
            parts.Remove(parts.MinBy(p => p.Priority)!);
        }

        var line = "  " + Join(parts);
        return line.Length <= max ? line : line[..Math.Max(0, max - 1)] + "~";
    }

    /// <summary>A full line for a log (not a terminal): every part, with the time since the start first.</summary>
    public static string LogLine(ProgressSnapshot snapshot, RateMeter rates, TimeSpan elapsed, long nowUnixMs) =>
        "aiobs run " + Duration(elapsed) + Separator + Join(Parts(snapshot, rates, nowUnixMs));

    /// <summary>The parts in display order, each with its priority (higher is kept longer).</summary>
    private static List<(string Text, int Priority)> Parts(ProgressSnapshot s, RateMeter rates, long nowUnixMs)
    {
        var parts = new List<(string, int)>();
        if (s.HasFiles)
        {
            var read = s.FileBytes;
            var total = s.FileTotalBytes;
            if (total > 0)
            {
                var percent = Math.Clamp(read * 100 / total, 0, 100);
                parts.Add(($"{percent}% of {Bytes(total)}", 9));
                var eta = Eta(read, total, rates.BytesPerSecond);
                parts.Add(($"{BytesPerSecondText(rates.BytesPerSecond)}, ETA {(eta is { } e ? Duration(e) : "?")}", 8));
            }
            else
            {
                parts.Add(($"{Bytes(read)} read", 9));
                parts.Add((BytesPerSecondText(rates.BytesPerSecond), 6));
            }
        }

        var recordRate = rates.RecordsPerSecond is { } r ? $", {Count((long)r)}/s" : string.Empty;
        parts.Add(($"{Count(s.Records)} records{recordRate}", 5));
        if (s.Rejected > 0)
        {
            parts.Add(($"{Count(s.Rejected)} rejected", 4));
        }

        if (s.HasLive)
        {
            if (s.Lag >= 0)
            {
                parts.Add(($"lag {Count(s.Lag)}", 8));
            }

            parts.Add((s.WatermarkUnixMs is { } wm ? $"watermark delay {Duration(TimeSpan.FromMilliseconds(Math.Max(0, nowUnixMs - wm)))}" : "no watermark yet", 7));
        }
        else if (s.WatermarkUnixMs is { } wm)
        {
            // A replay's event time is in the past: where the replay has got to says more than a delay.
            parts.Add(("event time " + DateTimeOffset.FromUnixTimeMilliseconds(wm).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), 3));
        }

        parts.Add(($"{s.OpenIncidents} open incident{(s.OpenIncidents == 1 ? string.Empty : "s")}", 10));
        return parts;
    }

    /// <summary>Time left at the current speed; null while the speed is unknown or zero.</summary>
    internal static TimeSpan? Eta(long read, long total, double? bytesPerSecond) =>
        bytesPerSecond is > 0 ? TimeSpan.FromSeconds(Math.Max(0, total - read) / bytesPerSecond.Value) : null;

    /// <summary>Minutes and seconds, hours when needed: <c>0:07</c>, <c>12:34</c>, <c>1:02:03</c>.</summary>
    internal static string Duration(TimeSpan t)
    {
        var seconds = (long)Math.Round(t.TotalSeconds);
        return seconds >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
    }

    /// <summary>Bytes in decimal units: <c>950 B</c>, <c>12.3 MB</c>, <c>1.2 GB</c>.</summary>
    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.0} GB"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0.0} kB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    private static string BytesPerSecondText(double? rate) => rate is { } r ? Bytes((long)r) + "/s" : "-/s";

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Join(List<(string Text, int Priority)> parts) => string.Join(Separator, parts.Select(p => p.Text));
}
