namespace AiObsStream.SrCnn.Trainer;

/// <summary>Hyper-parameters of one training run (command-line options of the trainer).</summary>
internal sealed record TrainingSettings
{
    public int Window { get; init; } = 64;

    public int Step { get; init; } = 8;

    public int MaxAnomalies { get; init; } = 10;

    public int Seed { get; init; } = 54321;

    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 256;

    public float LearningRate { get; init; } = 1e-5f;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.SgdMomentum;

    public double ClipNorm { get; init; }

    /// <summary>Reference weight w // 100 on positive labels, floored at 1 (it is 0 for w &lt; 100, which would ignore positives).</summary>
    public float PositiveWeight => Math.Max(1, Window / 100);
}
