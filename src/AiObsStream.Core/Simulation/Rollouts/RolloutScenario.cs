using System.Globalization;
using AiObsStream.Core.Events;

namespace AiObsStream.Core.Simulation.Rollouts;

/// <summary>
/// One labelled rollout: what the generator writes (<see cref="RolloutGenerator.Generate"/>) and the ground truth a
/// detector is scored against (<see cref="IsRegression"/>, <see cref="ReferenceUnixMs"/>, <see cref="Signals"/>).
/// </summary>
/// <remarks>
/// The deployment under test is <see cref="SimFleet.ChatProd"/>, released from <see cref="SimFleet.ChatProdVersion"/>
/// to <see cref="SimFleet.ChatProdRelease"/> (for <see cref="RolloutScenarioKind.PostRollbackBaseline"/> the other way
/// round); <see cref="RolloutScenarioKind.SharedGpu"/> adds <see cref="SimFleet.ChatMini"/> on the same GPU.
/// </remarks>
public sealed record RolloutScenario
{
    /// <summary>First minute of every scenario (a fixed date: outputs are comparable across runs).</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    /// <summary>How the new version reaches the traffic.</summary>
    public required RolloutScenarioKind Kind { get; init; }

    /// <summary>What the new version does differently.</summary>
    public required RolloutEffect Effect { get; init; }

    /// <summary>The baseline version's latency distribution.</summary>
    public LatencyShape Shape { get; init; } = LatencyShape.LogNormal;

    /// <summary>Log-space sigma of <see cref="LatencyShape.LogNormal"/>.</summary>
    public double Sigma { get; init; } = 0.5;

    /// <summary>Mean request rate of the deployment under test (drifts ±25 % over an hour, ±10 % minute noise).</summary>
    public double RatePerSecond { get; init; } = 5;

    /// <summary>Minutes of the previous version before the rollout (for a post-rollback baseline: of the new version).</summary>
    public double BaselineMinutes { get; init; } = 10;

    /// <summary>Length of the trace, minutes.</summary>
    public double Minutes { get; init; } = 60;

    /// <summary>Share of the traffic on the new version for <see cref="RolloutScenarioKind.Canary"/>.</summary>
    public double CanaryShare { get; init; } = 0.1;

    /// <summary>The random seed (every draw derives from it).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Start of the trace.</summary>
    public DateTimeOffset Start { get; init; } = DefaultStart;

    /// <summary>Ground truth: the new version is worse.</summary>
    public bool IsRegression => Effect is not (RolloutEffect.None or RolloutEffect.Faster or RolloutEffect.LoadBurst);

    /// <summary>The version that is (or is not) a regression; sorts after <see cref="BaselineVersion"/> (versions are dates).</summary>
    public string CandidateVersion { get; init; } = SimFleet.ChatProdRelease;

    /// <summary>The version it is compared with.</summary>
    public string BaselineVersion { get; init; } = SimFleet.ChatProdVersion;

    /// <summary>When the traffic mix changes (the rollout, or for a post-rollback baseline the rollback), Unix ms.</summary>
    public long ReferenceUnixMs => Start.ToUnixTimeMilliseconds() + (long)(BaselineMinutes * 60_000);

    /// <summary>The metrics that should name the regression (empty for controls).</summary>
    public IReadOnlyList<string> Signals => Effect switch
    {
        RolloutEffect.Latency140 or RolloutEffect.Latency200 or RolloutEffect.RealV2 => [MetricNames.LatencyMs, MetricNames.TtftMs],
        RolloutEffect.TtftOnly => [MetricNames.TtftMs],
        RolloutEffect.Errors => [MetricNames.Errors],
        RolloutEffect.Throttling => [MetricNames.Http429],
        RolloutEffect.Tokens => [MetricNames.TokensTotal],
        _ => [],
    };

    /// <summary>A readable, unique name (kind, effect, shape, rate, baseline, seed).</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture,
        $"{Kind}/{Effect}/{ShapeName}/{RatePerSecond:0.#}rps/base{BaselineMinutes:0.#}m{(Kind == RolloutScenarioKind.Canary ? $"/share{CanaryShare:0.##}" : string.Empty)}/seed{Seed}");

    private string ShapeName => Shape == LatencyShape.LogNormal
        ? string.Create(CultureInfo.InvariantCulture, $"lognormal{Sigma:0.0#}") : Shape.ToString();

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        Check(RatePerSecond is > 0 and <= 1000, nameof(RatePerSecond));
        Check(Sigma is > 0 and <= 3, nameof(Sigma));
        Check(BaselineMinutes is > 0 && BaselineMinutes < Minutes, nameof(BaselineMinutes));
        Check(Minutes is > 0 and <= 24 * 60, nameof(Minutes));
        Check(CanaryShare is > 0 and < 1, nameof(CanaryShare));
        Check(string.CompareOrdinal(CandidateVersion, BaselineVersion) > 0, nameof(CandidateVersion));
        Check(Effect != RolloutEffect.RealV2 || Shape == LatencyShape.H100Trace, nameof(Effect));
    }

    private static void Check(bool ok, string name)
    {
        if (!ok)
        {
            throw new ArgumentException($"rollout scenario: {name} is out of range", name);
        }
    }
}
