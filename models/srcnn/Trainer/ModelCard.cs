using System.Globalization;
using System.Text;

namespace AiObsStream.SrCnn.Trainer;

/// <summary>Writes the generated part of the model card (data, split, schedule, losses, held-out scores).</summary>
internal static class ModelCard
{
    public sealed record Results(
        PointAdjustScore SrDefault,
        PointAdjustScore SrCalibrated,
        PointAdjustScore SrCnnCalibrated,
        (double Threshold, PointAdjustScore Score) SrOracle,
        (double Threshold, PointAdjustScore Score) SrCnnOracle,
        double SrThreshold,
        double SrCnnThreshold,
        PointAdjustScore SrValidation,
        PointAdjustScore SrCnnValidation);

    public static string Summary(Results r) => string.Create(
        CultureInfo.InvariantCulture,
        $"held-out F1 (delay 7): SR@0.3 {r.SrDefault.F1:F3}, SR@{r.SrThreshold:F2} {r.SrCalibrated.F1:F3}, SR-CNN@{r.SrCnnThreshold:F2} {r.SrCnnCalibrated.F1:F3}; " +
        $"test-tuned: SR {r.SrOracle.Score.F1:F3} @{r.SrOracle.Threshold:F2}, SR-CNN {r.SrCnnOracle.Score.F1:F3} @{r.SrCnnOracle.Threshold:F2}");

    public static void Write(
        string path,
        string[] args,
        TrainingSettings s,
        List<NamedSeries> train,
        List<NamedSeries> validation,
        List<NamedSeries> test,
        TrainingSet set,
        List<double> losses,
        Results r,
        double seconds,
        List<EvalSeries> testSet)
    {
        var b = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        b.AppendLine(c, $"# SR-CNN w={s.Window}: generated training report");
        b.AppendLine();
        b.AppendLine(c, $"Command: `dotnet run -c Release --project models/srcnn/Trainer -- {string.Join(' ', args)}`");
        b.AppendLine(c, $"Wall time: {seconds:F0} s (training + evaluation, {Environment.ProcessorCount} cores visible, single-threaded training).");
        b.AppendLine();
        b.AppendLine(c, $"Settings: window {s.Window}, step {s.Step}, num {s.MaxAnomalies}, seed {s.Seed}, epochs {s.Epochs}, batch {s.BatchSize}, " +
            $"optimizer {s.Optimizer}, lr {s.LearningRate.ToString(c)} (halved per the reference schedule), clip {s.ClipNorm.ToString(c)}, positive weight {s.PositiveWeight}.");
        b.AppendLine(c, $"Training windows: {set.Count}; positive labels after clean-up: {set.Positives} ({100.0 * set.Positives / set.Labels.Length:F2}%).");
        b.AppendLine();
        b.AppendLine("Loss (sum-reduced weighted BCE per window) by epoch: " + string.Join(", ", losses.ConvertAll(l => l.ToString("F3", c))));
        b.AppendLine();
        int anomalies = 0;
        long points = 0;
        foreach (EvalSeries e in testSet)
        {
            points += e.Values.Length;
            anomalies += Segments(e.Labels);
        }

        b.AppendLine("| Held-out test (delay-tolerant point adjust, delay 7) | threshold | precision | recall | F1 |");
        b.AppendLine("|---|---:|---:|---:|---:|");
        Row(b, "SR (ML.NET streaming, default threshold)", 0.3, r.SrDefault);
        Row(b, "SR (threshold chosen on validation)", r.SrThreshold, r.SrCalibrated);
        Row(b, "SR-CNN (threshold chosen on validation, stored in the .bin)", r.SrCnnThreshold, r.SrCnnCalibrated);
        Row(b, "SR, best threshold on test (reference evalue.py style, optimistic)", r.SrOracle.Threshold, r.SrOracle.Score);
        Row(b, "SR-CNN, best threshold on test (optimistic)", r.SrCnnOracle.Threshold, r.SrCnnOracle.Score);
        b.AppendLine();
        b.AppendLine(c, $"Validation F1 at the chosen thresholds: SR {r.SrValidation.F1:F3}, SR-CNN {r.SrCnnValidation.F1:F3}.");
        b.AppendLine(c, $"Test set: {testSet.Count} series, {points} points, {anomalies} injected anomaly segments.");
        b.AppendLine();
        List("Train series", train, b);
        List("Validation series", validation, b);
        List("Test (held-out) series", test, b);
        File.WriteAllText(path, b.ToString());
    }

    private static void Row(StringBuilder b, string name, double threshold, PointAdjustScore s) =>
        b.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {threshold:F2} | {s.Precision:F3} | {s.Recall:F3} | **{s.F1:F3}** |");

    private static void List(string title, List<NamedSeries> series, StringBuilder b)
    {
        b.Append(CultureInfo.InvariantCulture, $"{title} ({series.Count}): ");
        b.AppendLine(string.Join(", ", series.ConvertAll(x => string.Create(CultureInfo.InvariantCulture, $"{x.Name} ({x.Values.Length})"))));
        b.AppendLine();
    }

    private static int Segments(bool[] labels)
    {
        int count = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            count += labels[i] && (i == 0 || !labels[i - 1]) ? 1 : 0;
        }

        return count;
    }
}
