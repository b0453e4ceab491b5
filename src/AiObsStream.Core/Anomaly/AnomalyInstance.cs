using AiObsStream.Core.Detectors.SpectralResidual;

namespace AiObsStream.Core.Anomaly;

/// <summary>Detector state and alert lifecycle of one anomaly rule on one series.</summary>
/// <remarks>About 450 bytes at W = 64: the SR window (W floats, 312 B with its object) plus this object and its map entry.</remarks>
internal sealed class AnomalyInstance
{
    public AnomalyInstance(SrSeriesState state) => State = state;

    public SrSeriesState State { get; }

    public string? AlertId;
    public long StartsAt;
    public int ClearPoints;
    public long FirstClearStart;
    public long LastBucketStart;

    /// <summary>A flagged change point awaiting confirmation as a level shift (CandidatePoints &gt; 0 while pending).</summary>
    public long CandidateStart;
    public int CandidateDirection;
    public double CandidateExpected;
    public double CandidateSpread;
    public double CandidateScore;
    public int CandidatePoints;
    public int CandidateHits;

    public bool Firing => AlertId is not null;
}
