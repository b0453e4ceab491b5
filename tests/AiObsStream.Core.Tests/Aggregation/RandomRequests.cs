using AiObsStream.Core.Events;

namespace AiObsStream.Core.Tests.Aggregation;

/// <summary>Batches of request records for the aggregator's emission tests: three deployments, some 429s, times behind a tick.</summary>
internal static class RandomRequests
{
    /// <summary>
    /// 40 records with times up to <paramref name="maxBehindMs"/> behind minute <paramref name="tick"/>: on time, late
    /// within the lateness (corrections) or too late, depending on the watermark the test advances to.
    /// </summary>
    public static TelemetryEvent[] Batch(Random rng, DimsPool pool, int tick, int maxBehindMs, ref ulong id)
    {
        var batch = new TelemetryEvent[40];
        for (var i = 0; i < batch.Length; i++)
        {
            var dims = pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "dep-" + rng.Next(3), "gpt-4o", "1", "op", "r", "", ""));
            var e = TelemetryEvent.NewRequest((tick * 60_000L) - rng.Next(0, maxBehindMs), dims);
            e.Status = rng.Next(10) == 0 ? 429 : 200;
            e.Success = e.Status == 200;
            e.LatencyMs = 10 + (rng.NextDouble() * 900);
            e.DedupKey = ++id;
            batch[i] = e;
        }

        return batch;
    }
}
