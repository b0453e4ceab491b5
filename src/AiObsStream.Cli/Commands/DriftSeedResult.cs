namespace AiObsStream.Cli.Commands;

/// <summary>The outcome of one seed of the quality-drift evaluation.</summary>
/// <param name="Seed">The simulation seed.</param>
/// <param name="DelayMs">Event time from the drift onset to the first quality-drift Firing on the drifted deployment; null when missed.</param>
/// <param name="Signal">The signal of that first alert.</param>
/// <param name="FalseAlarmsWithDrift">quality-drift Firings of the drifted run before the onset or on other deployments.</param>
/// <param name="FalseAlarmsWithoutDrift">quality-drift Firings of the same simulation without the drift.</param>
/// <param name="FalseSignals">The signals and deployments of those false alarms, for the report.</param>
internal sealed record DriftSeedResult(int Seed, long? DelayMs, string Signal, int FalseAlarmsWithDrift,
    int FalseAlarmsWithoutDrift, IReadOnlyList<string> FalseSignals);
