using System.Globalization;

namespace AiObsStream.SrCnn.Trainer;

/// <summary>Command-line options: <c>--window --step --epochs --seed --lr --batch --optimizer sgd|adam --clip --nab --trace --out</c>.</summary>
internal sealed record TrainerArgs(TrainingSettings Settings, string NabDir, string TraceDir, string OutDir)
{
    public static TrainerArgs Parse(string[] args)
    {
        var settings = new TrainingSettings();
        string nab = "/work/shared/data/nab/data";
        string trace = "tests/data/h100-trace-a";
        string output = "models/srcnn";
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string v = args[i + 1];
            settings = args[i] switch
            {
                "--window" => settings with { Window = Int(v) },
                "--step" => settings with { Step = Int(v) },
                "--epochs" => settings with { Epochs = Int(v) },
                "--seed" => settings with { Seed = Int(v) },
                "--batch" => settings with { BatchSize = Int(v) },
                "--num" => settings with { MaxAnomalies = Int(v) },
                "--lr" => settings with { LearningRate = float.Parse(v, CultureInfo.InvariantCulture) },
                "--clip" => settings with { ClipNorm = double.Parse(v, CultureInfo.InvariantCulture) },
                "--optimizer" => settings with { Optimizer = v == "adam" ? OptimizerKind.Adam : OptimizerKind.SgdMomentum },
                _ => settings,
            };
            nab = args[i] == "--nab" ? v : nab;
            trace = args[i] == "--trace" ? v : trace;
            output = args[i] == "--out" ? v : output;
        }

        return new TrainerArgs(settings, nab, trace, output);
    }

    private static int Int(string v) => int.Parse(v, CultureInfo.InvariantCulture);
}
