using System.CommandLine;
using System.Diagnostics;
using AiObsStream.Core.Evaluation.Nab;
using AiObsStream.Formats.Nab;

namespace AiObsStream.Cli.Commands;

/// <summary><c>aiobs eval nab</c>: scores detectors on the Numenta Anomaly Benchmark with NAB's rules and prints the
/// normalized standard / reward_low_FP_rate / reward_low_FN_rate scores.</summary>
/// <remarks>Exit codes: 0 success; 1 invalid arguments, unknown detector or unusable corpus; 2 a detector produced
/// scores NAB cannot use (NaN).</remarks>
internal static class EvalCommand
{
    /// <summary>Builds <c>eval</c> with its <c>nab</c> subcommand.</summary>
    public static Command Create()
    {
        var eval = new Command("eval", "Evaluate anomaly detectors on labelled benchmarks.");
        eval.Subcommands.Add(CreateNab(NabDetectorRegistry.CreateDefault()));
        eval.Subcommands.Add(DriftEvalCommand.Create());
        eval.Subcommands.Add(IncidentEvalCommand.Create());
        eval.Subcommands.Add(ForecastEvalCommand.Create());
        return eval;
    }

    /// <summary>Builds <c>eval nab</c> over the detectors of <paramref name="registry"/>.</summary>
    internal static Command CreateNab(NabDetectorRegistry registry)
    {
        var corpus = new Option<string>("--corpus") { Description = "NAB corpus folder (data/, labels/combined_windows.json, config/profiles.json).", Required = true };
        var detectors = new Option<string[]>("--detector")
        {
            Description = $"Detector(s) to score, repeatable: {string.Join(", ", registry.Names)}.",
            DefaultValueFactory = _ => ["random"],
        };
        var window = new Option<int?>("--window") { Description = "Detector window size in points (SR: W); detector default when absent." };
        var steps = new Option<int>("--threshold-steps") { Description = "0 = NAB's exact sweep over every distinct score; N = thresholds k/N only.", DefaultValueFactory = _ => 0 };
        var seed = new Option<uint>("--seed") { Description = "Per-series seed of the random baseline (NAB: 42).", DefaultValueFactory = _ => 42 };
        var model = new Option<string?>("--model") { Description = "SR-CNN weights file for --detector srcnn (default: the bundled models/srcnn/srcnn-w64.bin)." };
        var output = new Option<string?>("--out") { Description = "Also write the results as JSON to this file." };
        var nab = new Command("nab", "Score detectors on the Numenta Anomaly Benchmark (normalized: null = 0, perfect = 100).");
        nab.Options.Add(corpus);
        nab.Options.Add(detectors);
        nab.Options.Add(window);
        nab.Options.Add(steps);
        nab.Options.Add(seed);
        nab.Options.Add(model);
        nab.Options.Add(output);
        nab.SetAction(parse => Run(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, registry,
            new EvalArguments(parse.GetValue(corpus)!, parse.GetValue(detectors) ?? [], parse.GetValue(window),
                parse.GetValue(steps), parse.GetValue(seed), parse.GetValue(output), parse.GetValue(model))));
        return nab;
    }

    private static int Run(TextWriter output, TextWriter error, NabDetectorRegistry registry, EvalArguments args)
    {
        if (args.ThresholdSteps < 0 || args.Window is <= 0)
        {
            error.WriteLine(args.ThresholdSteps < 0 ? "--threshold-steps: must be >= 0." : "--window: must be > 0.");
            return 1;
        }

        var selected = new List<INabDetector>();
        foreach (string name in args.Detectors.Length == 0 ? ["random"] : args.Detectors)
        {
            INabDetector? detector;
            try
            {
                if (!registry.TryCreate(name, new NabDetectorSettings(args.Window, args.Seed, args.Model), out detector))
                {
                    error.WriteLine($"--detector: '{name}' is not available in this build (known: {string.Join(", ", registry.Names)}).");
                    return 1;
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                error.WriteLine($"--model: {ex.Message}");
                return 1;
            }

            selected.Add(detector!);
        }

        NabCorpus corpus;
        try
        {
            corpus = NabCorpusReader.Load(args.Corpus);
        }
        catch (NabCorpusException ex)
        {
            error.WriteLine($"--corpus: {ex.Message}");
            return 1;
        }

        output.WriteLine($"NAB corpus {args.Corpus}: {corpus.Series.Count} series, {corpus.RowCount} rows, {corpus.WindowCount} windows; threshold sweep {(args.ThresholdSteps == 0 ? "exact" : $"grid/{args.ThresholdSteps}")}.");
        var rows = new List<EvalReport.Row>();
        foreach (var detector in selected)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                rows.Add(new EvalReport.Row(NabBenchmark.Run(corpus.Series, detector, corpus.Profiles, args.ThresholdSteps), clock.Elapsed));
            }
            catch (ArgumentException ex)
            {
                error.WriteLine($"{detector.Name}: {ex.Message.Split(" (Parameter")[0]}");
                return 2;
            }
        }

        EvalReport.WriteTable(output, rows);
        if (args.Out is not null)
        {
            using var stream = File.Create(args.Out);
            EvalReport.WriteJson(stream, args.Corpus, args.ThresholdSteps, rows);
        }

        return 0;
    }

    private sealed record EvalArguments(string Corpus, string[] Detectors, int? Window, int ThresholdSteps, uint Seed, string? Out, string? Model);
}
