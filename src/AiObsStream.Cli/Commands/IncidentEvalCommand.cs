using System.CommandLine;
using System.Globalization;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// <c>aiobs eval incidents [--seeds N] [--seed S] [--minutes M] [--healthy-minutes H] [--quick] [--trace DIR]...
/// [--forecast] [--no-rollouts] [--rollout-seeds R] [--parallel P] [--out FILE.json]</c>: generates the labelled corpus (simulator
/// scenarios, the resampled rollouts of <see cref="RolloutCorpusSource"/>, the bundled trace, any <c>--trace</c>
/// folder and, with <c>--forecast</c>, the multi-day runs of <see cref="LoadRampCorpusSource"/>), runs every run through the engine, and prints per cause: truth, detected, recall, precision, median detection
/// delay and notifications per real incident, plus false incidents per healthy hour, then recall and false incidents per
/// healthy hour per corpus (simulator, rollouts, traces).
/// </summary>
/// <remarks>Exit codes: 0 success; 1 invalid arguments (including an unusable --trace folder); 2 the corpus could not be
/// written or read.</remarks>
internal static class IncidentEvalCommand
{
    /// <summary>Builds <c>eval incidents</c>.</summary>
    public static Command Create()
    {
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds (1-200); every scenario family is built once per seed.", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "First seed.", DefaultValueFactory = _ => 1 };
        var minutes = new Option<int>("--minutes") { Description = "Length of incident runs in minutes (10-1440; lengthened when an incident needs more).", DefaultValueFactory = _ => 30 };
        var healthy = new Option<int>("--healthy-minutes") { Description = "Length of the healthy runs in minutes (10-1440).", DefaultValueFactory = _ => 60 };
        var quick = new Option<bool>("--quick") { Description = "Small corpus: 2 seeds, 20-minute runs at 0.5x and 1x load, 30 healthy minutes (explicit --seeds/--minutes still apply)." };
        var traces = new Option<string[]>("--trace") { Description = "A recorded trace folder labelled by its phases.json (for example tests/data/h100-trace-a-dirty). Repeatable.", AllowMultipleArgumentsPerToken = false };
        var forecast = new Option<bool>("--forecast") { Description = "Add the forecast corpus: per seed (--seed, --seeds) a load-ramp run scored with its lead time and a flat and a seasonal healthy run, each 116 hours of GPU scrapes (about 0.2 s of engine time per simulated day)." };
        var noRollouts = new Option<bool>("--no-rollouts") { Description = "Leave out the resampled rollout corpus (hour-long runs; with --quick the CI-sized one)." };
        var rolloutSeeds = new Option<int>("--rollout-seeds") { Description = "Seeds of the rollout catalog (1-20, from --seed; 33 hour-long runs each). --quick: one seed of the CI-sized corpus.", DefaultValueFactory = _ => 1 };
        var parallel = new Option<int>("--parallel") { Description = "Runs at a time (default: processor count).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string?>("--out") { Description = "Also write the figures and every run's outcome as JSON to this file." };
        var command = new Command("incidents", "Recall, precision, detection delay and notifications per cause of the incident layer over a labelled corpus.")
        {
            seeds, seed, minutes, healthy, quick, traces, forecast, noRollouts, rolloutSeeds, parallel, output,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = parse.GetValue(quick) ? CorpusSettings.Quick : new CorpusSettings { HealthyMinutes = parse.GetValue(healthy) };
            settings = settings with
            {
                Seed = parse.GetValue(seed),
                Seeds = Explicit(parse, seeds) || !parse.GetValue(quick) ? parse.GetValue(seeds) : settings.Seeds,
                Minutes = Explicit(parse, minutes) || !parse.GetValue(quick) ? parse.GetValue(minutes) : settings.Minutes,
            };
            var rollouts = new RolloutSelection(!parse.GetValue(noRollouts), parse.GetValue(quick), parse.GetValue(rolloutSeeds));
            return RunAsync(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, settings, rollouts,
                parse.GetValue(forecast), parse.GetValue(traces) ?? [], parse.GetValue(parallel), parse.GetValue(output), ct);
        });
        return command;
    }

    private static bool Explicit(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static async Task<int> RunAsync(TextWriter output, TextWriter error, CorpusSettings settings, RolloutSelection rollouts, bool withForecast, string[] traceDirs,
        int parallel, string? outFile, CancellationToken ct)
    {
        try
        {
            settings.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            error.WriteLine($"eval incidents: {ex.ParamName} out of range: {ex.Message.Split(" (Parameter")[0]}");
            return 1;
        }

        if (parallel is < 1 or > 256)
        {
            error.WriteLine("--parallel: must be from 1 to 256.");
            return 1;
        }

        if (rollouts.Seeds is < 1 or > 20)
        {
            error.WriteLine("--rollout-seeds: must be from 1 to 20.");
            return 1;
        }

        var sources = new List<ICorpusSource> { new SimulatedCorpusSource(settings) };
        if (rollouts.Include)
        {
            sources.Add(rollouts.Quick ? RolloutCorpusSource.Ci(settings.Seed) : RolloutCorpusSource.Catalog(settings.Seed, rollouts.Seeds));
        }

        sources.Add(new RecordedTraceSource("trace-a", BundledTrace.Extract(), BundledTrace.Phases()));
        if (withForecast)
        {
            sources.Add(new LoadRampCorpusSource(settings.Seed, settings.Seeds));
        }

        foreach (var dir in traceDirs)
        {
            try
            {
                var source = RecordedTraceSource.FromDirectory(dir);
                source.Cases(); // labels checked before hours of runs start
                sources.Add(source);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                error.WriteLine($"--trace: {ex.Message}");
                return 1;
            }
        }

        var work = Path.Combine(Path.GetTempPath(), "aiobs-eval-incidents-" + Guid.NewGuid().ToString("N")[..8]);
        IReadOnlyList<IncidentCaseResult> results;
        var gate = new object();
        try
        {
            results = await IncidentEvaluation.RunAsync(sources, work, parallel, r =>
            {
                lock (gate)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Name}: truth {r.Score.Truths.Count(t => t.Detected)}/{r.Score.Truths.Count} detected, {r.Score.Predictions.Count} incidents ({r.Score.Predictions.Count(p => p.False)} false){(r.Log.RejectedLines > 0 ? $", {r.Log.RejectedLines} unreadable lines" : "")} [{r.Elapsed.TotalSeconds:0.0} s]"));
                }
            }, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"eval incidents: cannot write or read the corpus under '{work}': {ex.Message}");
            return 2;
        }
        finally
        {
            try
            {
                if (Directory.Exists(work))
                {
                    Directory.Delete(work, recursive: true);
                }
            }
            catch (IOException)
            {
                // Best effort: a leftover temp folder is not an error of the evaluation.
            }
        }

        var summary = IncidentEvaluation.Summarize(results);
        output.WriteLine();
        IncidentEvalReport.WriteTable(output, summary);
        output.WriteLine();
        var groups = IncidentEvaluation.SummarizeBySource(results);
        IncidentEvalReport.WriteGroups(output, groups);
        if (outFile is not null)
        {
            try
            {
                using var stream = File.Create(outFile);
                IncidentEvalReport.WriteJson(stream, Describe(settings, rollouts, withForecast, traceDirs), results, summary, groups);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"--out: cannot write '{outFile}': {ex.Message}");
                return 2;
            }
        }

        return 0;
    }

    private static string Describe(CorpusSettings s, RolloutSelection r, bool forecast, string[] traces) => string.Create(CultureInfo.InvariantCulture,
        $"simulator seeds {s.Seed}..{s.Seed + s.Seeds - 1}, {s.Minutes} min runs, {s.HealthyMinutes} min healthy runs, load x{string.Join("/x", s.RateScales)}; {(!r.Include ? "no rollouts" : r.Quick ? $"rollouts CI seed {s.Seed}" : $"rollouts catalog seeds {s.Seed}..{s.Seed + r.Seeds - 1}")}; trace-a{string.Concat(traces.Select(t => "; " + t))}{(forecast ? $"; forecast seeds {s.Seed}..{s.Seed + s.Seeds - 1}" : string.Empty)}");

    /// <summary>Which rollout corpus joins: none, the CI-sized one (--quick, one seed) or the hour-long catalog.</summary>
    private sealed record RolloutSelection(bool Include, bool Quick, int Seeds);
}
