namespace AiObsStream.Core.Drift;

/// <summary>The distances between a reference and a current distribution of one signal.</summary>
/// <param name="ReferenceCount">Observations in the reference.</param>
/// <param name="CurrentCount">Observations in the current distribution.</param>
/// <param name="ReferenceMean">Mean of the reference.</param>
/// <param name="CurrentMean">Mean of the current distribution.</param>
/// <param name="Psi">Population stability index over the reference-quantile buckets (0 = identical).</param>
/// <param name="JensenShannon">Jensen-Shannon divergence, base 2, over the same buckets (0..1).</param>
/// <param name="Wasserstein">Wasserstein-1 (earth mover's) distance, in the signal's unit.</param>
/// <param name="NormalizedWasserstein">Wasserstein-1 over the reference standard deviation.</param>
/// <param name="KsStatistic">Two-sample Kolmogorov-Smirnov statistic D (largest CDF gap, 0..1).</param>
/// <param name="PValue">
/// Significance of the difference: the asymptotic KS p-value for distributions, the two-proportion z-test p-value for
/// shares (uncorrected for multiple signals).
/// </param>
/// <param name="Effect">The effect size the gate uses: max(PSI, normalized Wasserstein), or Cohen's h for shares.</param>
internal readonly record struct DriftMeasures(
    long ReferenceCount,
    long CurrentCount,
    double ReferenceMean,
    double CurrentMean,
    double Psi,
    double JensenShannon,
    double Wasserstein,
    double NormalizedWasserstein,
    double KsStatistic,
    double PValue,
    double Effect);
