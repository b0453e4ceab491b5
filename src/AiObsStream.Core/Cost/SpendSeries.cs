using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Core.Events;
using AiObsStream.Core.Operators;

namespace AiObsStream.Core.Cost;

/// <summary>The bucketed spend of one deployment: open buckets, closed history, detector and alert state.</summary>
internal sealed class SpendSeries
{
    public SpendSeries(string deployment, long nextBucketMs)
    {
        Deployment = deployment;
        NextBucketMs = nextBucketMs;
        HistoryStartMs = nextBucketMs;
    }

    public string Deployment { get; }

    /// <summary>Start of the oldest bucket not yet closed.</summary>
    public long NextBucketMs;

    /// <summary>Start of <see cref="History"/>[0].</summary>
    public long HistoryStartMs;

    /// <summary>USD of each closed bucket, oldest first (missing buckets are 0).</summary>
    public List<double> History { get; } = [];

    /// <summary>
    /// Open buckets: start → model version → USD, both in key order. One or two buckets of a version or two are open: small
    /// sorted arrays instead of two sorted maps (~450 B per deployment: #12, memory per request series).
    /// </summary>
    public SmallLongMap<SmallOrdinalMap<double>> Open { get; } = new();

    /// <summary>Dimensions of the latest cost row seen (source, model name), for alerts and forecast rows.</summary>
    public SeriesDims? Dims;

    /// <summary>The model version with the most spend in the last closed bucket.</summary>
    public string Version = string.Empty;

    public SrSeriesState? Sr;

    /// <summary>The minute-level surge series; null until the first token cost row (or when the rule is off).</summary>
    public SpendSurgeState? Surge;

    public string? SeedAlertId;
    public long SeedStartsAt;
    public string? SrAlertId;
    public long SrStartsAt;

    public double Sum(int from, int count)
    {
        var s = 0.0;
        for (var i = from; i < from + count; i++)
        {
            s += History[i];
        }

        return s;
    }
}
