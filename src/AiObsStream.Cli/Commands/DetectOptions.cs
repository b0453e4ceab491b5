using System.CommandLine;
using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Core.Detectors.SrCnn;

namespace AiObsStream.Cli.Commands;

/// <summary>The options of <c>aiobs detect</c>; defaults are ML.NET's (streaming catalog, batch options class).</summary>
internal sealed class DetectOptions
{
    public Option<string> Input { get; } = new("--input") { Description = "CSV file with a header and a Value column.", Required = true };

    public Option<string?> Column { get; } = new("--column") { Description = "Value column name (default Value/value)." };

    public Option<string> Mode { get; } = Choice("--mode", "stream: DetectAnomalyBySrCnn; batch: DetectEntireAnomalyBySrCnn.", "stream", "stream", "batch");

    public Option<int> Window { get; } = Int("--window", 64, "Streaming window size W.");

    public Option<int> BackAdd { get; } = Int("--back-add", 5, "Streaming back-add window (extrapolated points).");

    public Option<int> Lookahead { get; } = Int("--lookahead", 5, "Streaming look-ahead window (points used to extrapolate).");

    public Option<int> Averaging { get; } = Int("--averaging", 3, "Streaming averaging window over the log spectrum.");

    public Option<int> Judgement { get; } = Int("--judgement", 21, "Streaming judgement window over the saliency.");

    public Option<double> Threshold { get; } = new("--threshold") { Description = "Anomaly threshold.", DefaultValueFactory = _ => 0.3 };

    public Option<double> Sensitivity { get; } = new("--sensitivity") { Description = "Batch margin sensitivity [0,100].", DefaultValueFactory = _ => 70 };

    public Option<int> BatchSize { get; } = Int("--batch-size", 2000, "Batch size (-1 = whole series, else >= 12).");

    public Option<string> DetectMode { get; } = Choice("--detect-mode", "Batch outputs: anomaly, expected or margin.", "anomaly", "anomaly", "expected", "margin");

    public Option<int> Period { get; } = Int("--period", 0, "Batch period in points (0 = none).");

    public Option<string> Deseasonality { get; } = Choice("--deseasonality", "Batch de-seasonalisation when --period > 0.", "stl", "stl", "mean", "median");

    public Option<string?> Model { get; } = new("--model")
    {
        Description = "SR-CNN weight file (e.g. models/srcnn/srcnn-w64.bin): stream mode runs SR-CNN; --threshold defaults to the model's.",
    };

    public Option<string> Out { get; } = new("--out") { Description = "Output CSV file.", Required = true };

    public IEnumerable<Option> All =>
    [
        Input, Column, Mode, Window, BackAdd, Lookahead, Averaging, Judgement, Threshold, Sensitivity, BatchSize,
        DetectMode, Period, Deseasonality, Model, Out,
    ];

    /// <summary>Maps an options property name (from an ArgumentOutOfRangeException) to the CLI option.</summary>
    public static string OptionNameFor(string? parameter) => parameter switch
    {
        nameof(SrStreamingOptions.WindowSize) => "--window",
        nameof(SrStreamingOptions.BackAddWindowSize) => "--back-add",
        nameof(SrStreamingOptions.LookaheadWindowSize) => "--lookahead",
        nameof(SrStreamingOptions.AveragingWindowSize) => "--averaging",
        nameof(SrStreamingOptions.JudgementWindowSize) => "--judgement",
        nameof(SrBatchOptions.Threshold) => "--threshold",
        nameof(SrBatchOptions.Sensitivity) => "--sensitivity",
        nameof(SrBatchOptions.BatchSize) => "--batch-size",
        nameof(SrBatchOptions.Period) => "--period",
        _ => parameter ?? "detect",
    };

    public SrStreamingOptions ToStreaming(ParseResult p) => new()
    {
        WindowSize = p.GetValue(Window),
        BackAddWindowSize = p.GetValue(BackAdd),
        LookaheadWindowSize = p.GetValue(Lookahead),
        AveragingWindowSize = p.GetValue(Averaging),
        JudgementWindowSize = p.GetValue(Judgement),
        Threshold = p.GetValue(Threshold),
    };

    /// <summary>SR-CNN options; the threshold is passed only when given on the command line (else the model's).</summary>
    public SrCnnStreamingOptions ToCnnStreaming(ParseResult p, bool explicitThreshold) => new()
    {
        BackAddWindowSize = p.GetValue(BackAdd),
        LookaheadWindowSize = p.GetValue(Lookahead),
        Threshold = explicitThreshold ? p.GetValue(Threshold) : null,
    };

    public SrBatchOptions ToBatch(ParseResult p) => new()
    {
        Threshold = p.GetValue(Threshold),
        BatchSize = p.GetValue(BatchSize),
        Sensitivity = p.GetValue(Sensitivity),
        Period = p.GetValue(Period),
        DetectMode = p.GetValue(DetectMode) switch
        {
            "expected" => SrDetectMode.AnomalyAndExpectedValue,
            "margin" => SrDetectMode.AnomalyAndMargin,
            _ => SrDetectMode.AnomalyOnly,
        },
        DeseasonalityMode = p.GetValue(Deseasonality) switch
        {
            "mean" => SrDeseasonalityMode.Mean,
            "median" => SrDeseasonalityMode.Median,
            _ => SrDeseasonalityMode.Stl,
        },
    };

    private static Option<int> Int(string name, int defaultValue, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    private static Option<string> Choice(string name, string description, string defaultValue, params string[] allowed)
    {
        var option = new Option<string>(name)
        {
            Description = $"{description} One of: {string.Join('|', allowed)}.",
            DefaultValueFactory = _ => defaultValue,
        };

        // A validator (rather than AcceptOnlyFromAmong) so that the message names the option.
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (Array.IndexOf(allowed, value) < 0)
            {
                result.AddError($"{name}: '{value}' is not one of {string.Join(", ", allowed)}.");
            }
        });
        return option;
    }
}
