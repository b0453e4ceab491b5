using System.CommandLine;
using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Core.Detectors.SrCnn;
using AiObsStream.Formats.Csv;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// <c>aiobs detect</c>: runs the streaming (ML.NET DetectAnomalyBySrCnn) or batch (DetectEntireAnomalyBySrCnn)
/// spectral-residual detector over a CSV series and writes one result row per input row.
/// </summary>
/// <remarks>
/// With <c>--model PATH</c> (stream mode only) the SR-CNN streaming detector runs instead of SR: same columns, RawScore =
/// network probability, Mag = SR saliency; the threshold defaults to the one stored in the model.
/// Exit codes: 0 success; 1 invalid arguments, unusable input or model file; 2 the detector rejected the data.
/// </remarks>
internal static class DetectCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var o = new DetectOptions();
        var command = new Command("detect", "Spectral-residual anomaly detection over a CSV series (ML.NET SrCnn semantics).");
        foreach (Option option in o.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Run(parse, o));
        return command;
    }

    private static int Run(ParseResult parse, DetectOptions o)
    {
        TextWriter error = parse.InvocationConfiguration.Error;
        bool stream = parse.GetValue(o.Mode) == "stream";
        string? modelPath = parse.GetValue(o.Model);
        if (modelPath is not null)
        {
            return RunCnn(parse, o, modelPath, stream, error);
        }

        SrStreamingOptions? streamOptions = null;
        SrBatchOptions? batchOptions = null;
        try
        {
            if (stream)
            {
                streamOptions = o.ToStreaming(parse);
                streamOptions.Validate();
            }
            else
            {
                batchOptions = o.ToBatch(parse);
                batchOptions.Validate();
            }
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return OutOfRange(error, ex);
        }

        CsvSeries? series = CsvInput.Read(parse.GetValue(o.Input)!, parse.GetValue(o.Column), error);
        if (series is null)
        {
            return 1;
        }

        SrBatchPoint[] points;
        try
        {
            points = stream ? DetectStreaming(series, streamOptions!) : new SrBatchDetector(batchOptions).Detect(series.Values.Span);
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"detect: {ex.Message.Split(" (Parameter")[0]}");
            return 2;
        }

        return Write(parse, o, series, points, includeBatchColumns: !stream);
    }

    private static int RunCnn(ParseResult parse, DetectOptions o, string modelPath, bool stream, TextWriter error)
    {
        if (!stream)
        {
            error.WriteLine("--model: the SR-CNN detector is streaming only; use --mode stream.");
            return 1;
        }

        SrCnnStreamingDetector detector;
        try
        {
            SrCnnModel model = SrCnnModel.Load(modelPath);
            if (IsExplicit(parse, o.Window) && parse.GetValue(o.Window) != model.Window)
            {
                error.WriteLine($"--window: {parse.GetValue(o.Window)} does not match the model window {model.Window}.");
                return 1;
            }

            detector = new SrCnnStreamingDetector(model, o.ToCnnStreaming(parse, IsExplicit(parse, o.Threshold)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine($"--model: {ex.Message}");
            return 1;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return OutOfRange(error, ex);
        }

        CsvSeries? series = CsvInput.Read(parse.GetValue(o.Input)!, parse.GetValue(o.Column), error);
        if (series is null)
        {
            return 1;
        }

        var points = Score(series, detector.CreateState(), detector.Update);
        return Write(parse, o, series, points, includeBatchColumns: false);
    }

    private static bool IsExplicit(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static int Write(ParseResult parse, DetectOptions o, CsvSeries series, SrBatchPoint[] points, bool includeBatchColumns)
    {
        using (var writer = new StreamWriter(parse.GetValue(o.Out)!))
        {
            CsvDetectionWriter.Write(writer, series, points, includeBatchColumns);
        }

        parse.InvocationConfiguration.Output.WriteLine($"{CountAnomalies(points)} anomalies in {points.Length} points -> {parse.GetValue(o.Out)}");
        return 0;
    }

    private static SrBatchPoint[] DetectStreaming(CsvSeries series, SrStreamingOptions options)
    {
        var detector = new SrStreamingDetector(options);
        return Score(series, detector.CreateState(), detector.Update);
    }

    /// <summary>
    /// Feeds the series to a streaming detector (SR or SR-CNN) point by point, as Single (ML.NET's streaming detector
    /// takes Single input); the batch-only columns are NaN.
    /// </summary>
    private static SrBatchPoint[] Score(CsvSeries series, SrSeriesState state, Func<SrSeriesState, float, SrPoint> update)
    {
        ReadOnlySpan<double> values = series.Values.Span;
        var points = new SrBatchPoint[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            SrPoint p = update(state, (float)values[i]);
            points[i] = new SrBatchPoint(p.IsAnomaly, p.RawScore, p.Mag, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        return points;
    }

    /// <summary>Names the option out of range and why (without the exception's parameter suffix); the invalid-arguments exit code.</summary>
    private static int OutOfRange(TextWriter error, ArgumentOutOfRangeException ex)
    {
        error.WriteLine($"{DetectOptions.OptionNameFor(ex.ParamName)}: {ex.Message.Split(" (Parameter")[0]}");
        return 1;
    }

    private static int CountAnomalies(SrBatchPoint[] points)
    {
        int count = 0;
        foreach (SrBatchPoint p in points)
        {
            count += p.IsAnomaly ? 1 : 0;
        }

        return count;
    }
}
