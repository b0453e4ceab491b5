namespace AiObsStream.SrCnn.Trainer;

/// <summary>Synthesised training windows: network inputs (100·S) and cleaned-up labels, w values each, row-major.</summary>
internal sealed class TrainingSet(int window)
{
    private readonly List<float> _inputs = [];
    private readonly List<float> _labels = [];

    /// <summary>The window w.</summary>
    public int Window { get; } = window;

    /// <summary>Number of windows.</summary>
    public int Count => _labels.Count / Window;

    /// <summary>All inputs, window after window.</summary>
    public float[] Inputs { get; private set; } = [];

    /// <summary>All labels (0/1), window after window.</summary>
    public float[] Labels { get; private set; } = [];

    /// <summary>Number of positive labels.</summary>
    public int Positives { get; private set; }

    /// <summary>Appends one window.</summary>
    public void Add(ReadOnlySpan<float> inputs, ReadOnlySpan<float> labels)
    {
        foreach (float v in inputs)
        {
            _inputs.Add(v);
        }

        foreach (float v in labels)
        {
            _labels.Add(v);
            Positives += v > 0.5f ? 1 : 0;
        }
    }

    /// <summary>Freezes the lists into arrays.</summary>
    public void Seal()
    {
        Inputs = [.. _inputs];
        Labels = [.. _labels];
    }
}
