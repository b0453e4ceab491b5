namespace AiObsStream.Core.Detectors.Scoring;

/// <summary>One output of <see cref="AnomalyLikelihoodScorer"/>.</summary>
/// <param name="Likelihood">1 − (filtered) Gaussian tail probability of the short average of raw scores, in [0.5, 1]
/// ([0, 1] with <see cref="LikelihoodTail.Upper"/>);
/// exactly 0.5 during the probationary period.</param>
/// <param name="Score">The log-scaled likelihood in [0, 1]: ln(1.0000000001 − L) / ln(1e-10). 0.03 at L = 0.5, 0.5 at
/// a tail probability of 1e-5, 1 at a tail probability of 1e-10 or less. This is the calibrated anomaly score.</param>
public readonly record struct AnomalyLikelihoodPoint(double Likelihood, double Score);
