namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>A named NAB application profile: the cost matrix the corpus is scored with.</summary>
/// <param name="Name">Profile name as in NAB's <c>config/profiles.json</c> (for example <c>standard</c>).</param>
/// <param name="Costs">The weights.</param>
public sealed record NabProfile(string Name, NabCostMatrix Costs)
{
    /// <summary>NAB's <c>standard</c> profile: TP 1, FP 0.11, FN 1.</summary>
    public static NabProfile Standard { get; } = new("standard", new NabCostMatrix(1.0, 0.11, 1.0));

    /// <summary>NAB's <c>reward_low_FP_rate</c> profile: TP 1, FP 0.22, FN 1.</summary>
    public static NabProfile RewardLowFpRate { get; } = new("reward_low_FP_rate", new NabCostMatrix(1.0, 0.22, 1.0));

    /// <summary>NAB's <c>reward_low_FN_rate</c> profile: TP 1, FP 0.11, FN 2.</summary>
    public static NabProfile RewardLowFnRate { get; } = new("reward_low_FN_rate", new NabCostMatrix(1.0, 0.11, 2.0));

    /// <summary>The three published profiles, in NAB's order (standard, low FP, low FN).</summary>
    public static IReadOnlyList<NabProfile> All { get; } = [Standard, RewardLowFpRate, RewardLowFnRate];
}
