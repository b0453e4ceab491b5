using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Operators;

/// <summary>
/// Model-version regression behind the operator contract: on-time rows by window (versions resolved) → regression
/// alerts, plus the rollouts detected in this call (<see cref="NewRollouts"/>, read by incident correlation). Keyed by
/// deployment × model version.
/// </summary>
public sealed class RegressionOperator(VersionRegressionEngine engine) : IOperator
{
    private readonly List<RolloutEvent> _newRollouts = [];

    /// <summary>The wrapped engine.</summary>
    public VersionRegressionEngine Engine { get; } = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <summary>The rollouts logged by the last <see cref="Process"/> call (a reused list: read it before the next call).</summary>
    public IReadOnlyList<RolloutEvent> NewRollouts => _newRollouts;

    /// <inheritdoc/>
    public string Name => "regression";

    /// <inheritdoc/>
    public void Process(in OperatorInput input, OperatorOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var before = Engine.RolloutsLogged;
        Engine.Process(input.Rows, output.Alerts);
        _newRollouts.Clear();
        var log = Engine.Rollouts;
        var fresh = (int)Math.Min(log.Count, Engine.RolloutsLogged - before); // the log is bounded: the new ones are at its end
        for (var i = log.Count - fresh; i < log.Count; i++)
        {
            _newRollouts.Add(log[i]);
        }
    }

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer) => Engine.SaveState(writer);

    /// <inheritdoc/>
    public void RestoreState(BinaryReader reader) => Engine.RestoreState(reader);
}
