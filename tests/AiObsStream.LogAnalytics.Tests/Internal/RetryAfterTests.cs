using System.Net.Http.Headers;
using AiObsStream.LogAnalytics.Internal;

namespace AiObsStream.LogAnalytics.Tests.Internal;

public sealed class RetryAfterTests
{
    private static HttpResponseHeaders Headers(params (string Name, string Value)[] values)
    {
        using var response = new HttpResponseMessage();
        foreach (var (name, value) in values)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response.Headers;
    }

    [Fact]
    public void From_Variants_ReadsTheRequestedDelay()
    {
        var now = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfter.From(Headers(("Retry-After", "7")), now));
        Assert.Equal(TimeSpan.FromMilliseconds(250), RetryAfter.From(Headers(("retry-after-ms", "250"), ("Retry-After", "7")), now));
        Assert.Equal(TimeSpan.FromMilliseconds(40), RetryAfter.From(Headers(("x-ms-retry-after-ms", "40")), now));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter.From(Headers(("Retry-After", "Sun, 22 Nov 2026 10:00:30 GMT")), now));
        Assert.Null(RetryAfter.From(Headers(), now));
    }
}
