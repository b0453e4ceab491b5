using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;
using static AiObsStream.Core.Tests.Incidents.IncidentFeed;

namespace AiObsStream.Core.Tests.Incidents;

/// <summary>
/// The incidents must not depend on how many windows one tick settles: a told watermark (scale-out) or a large batch
/// moves it by several windows at once where a file replay moves it one window at a time.
/// </summary>
public sealed class IncidentTickTests
{
    private static readonly RolloutEvent RolloutAt8 = new(RolloutKind.Rollout, "chat-prod", "v2", "v1", W(8), 0.5);

    [Fact]
    public void Process_TwoWindowsSettledInOneTick_SameIncidentsAsOneTickPerWindow()
    {
        var perWindow = Released();
        perWindow.Tick(9, Load(9, "chat-prod", 100, version: "v2"), [Latency(perWindow)]);
        perWindow.Tick(10, Load(10, "chat-prod", 100, version: "v2"), [perWindow.Regression(10, "v2")]);

        var together = Released();
        together.Tick(10, [.. Load(9, "chat-prod", 100, version: "v2"), .. Load(10, "chat-prod", 100, version: "v2")],
            [Latency(together), together.Regression(10, "v2")]);

        // The latency breach of window 9 opened the incident before the verdict of window 10 explained it: same id, same
        // final cause, whether the two windows settled one by one or together.
        var expected = Assert.Single(perWindow.Opened());
        var actual = Assert.Single(together.Opened());
        Assert.Equal(expected.IncidentId, actual.IncidentId);
        Assert.Equal(perWindow.LatestOf(expected.IncidentId).Cause, together.LatestOf(actual.IncidentId).Cause);
        Assert.Equal(perWindow.Released.Select(a => a.IncidentId), together.Released.Select(a => a.IncidentId));
    }

    /// <summary>Steady load on chat-prod (host h1) for windows 0..7, then the rollout of v2 in window 8.</summary>
    private static IncidentFeed Released()
    {
        var feed = new IncidentFeed();
        for (var w = 0; w < 8; w++)
        {
            feed.Tick(w, [.. Load(w, "chat-prod", 100), Gpu(w, "chat-prod", "h1", 60)]);
        }

        feed.Tick(8, Load(8, "chat-prod", 100, version: "v2"), rollouts: [RolloutAt8]);
        return feed;
    }

    private static AlertEvent Latency(IncidentFeed feed) =>
        feed.Rule("latency-p95", MetricNames.LatencyMs, 9, 3000, 1000, version: "v2");
}
