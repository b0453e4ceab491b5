namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>One metric in <c>regression.signals</c>.</summary>
internal sealed class RegressionSignalSettings
{
    /// <summary>False removes the signal.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Signal kind (enum name).</summary>
    public string? Kind { get; set; }

    /// <summary>Direction of harm.</summary>
    public bool? HigherIsWorse { get; set; }

    /// <summary>Effect size.</summary>
    public double? MinEffect { get; set; }
}
