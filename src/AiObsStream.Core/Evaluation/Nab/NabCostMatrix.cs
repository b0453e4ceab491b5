namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>The weights of one NAB application profile (the <c>CostMatrix</c> of NAB's <c>config/profiles.json</c>).</summary>
/// <param name="TpWeight">Reward of a detection at the very start of a window (A_TP).</param>
/// <param name="FpWeight">Cost of a false positive far from any window (A_FP, applied as a positive weight to a negative sigmoid).</param>
/// <param name="FnWeight">Cost of a missed window (A_FN).</param>
/// <param name="TnWeight">Weight of a true negative; NAB carries it but never uses it in the score.</param>
public readonly record struct NabCostMatrix(double TpWeight, double FpWeight, double FnWeight, double TnWeight = 1.0)
{
    /// <summary>Checks that every weight is finite and not negative.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative, NaN or infinite.</exception>
    public void Validate()
    {
        Check(TpWeight, nameof(TpWeight));
        Check(FpWeight, nameof(FpWeight));
        Check(FnWeight, nameof(FnWeight));
        Check(TnWeight, nameof(TnWeight));
    }

    private static void Check(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "A NAB weight must be finite and >= 0.");
        }
    }
}
