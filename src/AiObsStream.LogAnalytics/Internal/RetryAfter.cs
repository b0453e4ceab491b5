using System.Globalization;
using System.Net.Http.Headers;

namespace AiObsStream.LogAnalytics.Internal;

/// <summary>Reads the server's requested delay: retry-after-ms, x-ms-retry-after-ms, then Retry-After (seconds or date).</summary>
internal static class RetryAfter
{
    public static TimeSpan? From(HttpResponseHeaders headers, DateTimeOffset now)
    {
        foreach (var name in (ReadOnlySpan<string>)["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (headers.TryGetValues(name, out var values)
                && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
            {
                return TimeSpan.FromMilliseconds(ms);
            }
        }

        var retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null;
    }
}
