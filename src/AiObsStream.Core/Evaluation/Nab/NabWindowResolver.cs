namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>Resolves a series' windows to rows with the row walk of NAB's sweeper (see <see cref="NabSeries"/>).</summary>
internal static class NabWindowResolver
{
    /// <summary>Resolves <paramref name="windows"/>; throws with a message naming the window when one cannot be scored.</summary>
    public static NabWindowRange[] Resolve(string name, long[] timestamps, IReadOnlyList<NabWindow> windows)
    {
        var ranges = new NabWindowRange[windows.Count];
        int next = 0;
        int previousEnd = -1;
        for (int i = 0; i < timestamps.Length && next < windows.Count; i++)
        {
            var window = windows[next];
            if (timestamps[i] != window.StartUnixMs)
            {
                continue;
            }

            if (window.EndUnixMs < window.StartUnixMs)
            {
                throw new ArgumentException($"{name}: window {next} ends ({Format(window.EndUnixMs)}) before it starts ({Format(window.StartUnixMs)}).");
            }

            int end = Array.IndexOf(timestamps, window.EndUnixMs);
            if (end < 0)
            {
                throw new ArgumentException($"{name}: window {next} end {Format(window.EndUnixMs)} is not a timestamp of the series.");
            }

            if (end < i || i <= previousEnd)
            {
                throw new ArgumentException($"{name}: window {next} [{Format(window.StartUnixMs)}, {Format(window.EndUnixMs)}] overlaps the previous window or runs backwards in row order.");
            }

            int width = end - Array.IndexOf(timestamps, window.StartUnixMs) + 1;
            ranges[next] = new NabWindowRange(i, end, width);
            previousEnd = end;
            i = end;
            next++;
        }

        if (next < windows.Count)
        {
            throw new ArgumentException($"{name}: window {next} start {Format(windows[next].StartUnixMs)} is not a timestamp of the series (after the previous window).");
        }

        return ranges;
    }

    private static string Format(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
