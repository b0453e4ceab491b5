using System.CommandLine;
using System.Globalization;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// <c>aiobs eval drift [--seeds N] [--minutes M] [--onset O] [--partitions P]</c>: for each seed, simulates with and
/// without quality drift at minute O, replays both through the engine and prints the detection delay of the
/// <c>quality-drift</c> alert and the false alarms.
/// </summary>
/// <remarks>Exit codes: 0 success; 1 invalid arguments; 2 the simulation files could not be written.</remarks>
internal static class DriftEvalCommand
{
    /// <summary>Builds <c>eval drift</c>.</summary>
    public static Command Create()
    {
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds (1..N), 1-200.", DefaultValueFactory = _ => 20 };
        var minutes = new Option<int>("--minutes") { Description = "Length of each simulation in minutes.", DefaultValueFactory = _ => 40 };
        var onset = new Option<int>("--onset") { Description = "Minute of the quality-drift onset.", DefaultValueFactory = _ => 20 };
        var partitions = new Option<int>("--partitions") { Description = "Engine partitions.", DefaultValueFactory = _ => 2 };
        var command = new Command("drift", "Detection delay and false alarms of quality-drift on simulated drift, over seeds.")
        {
            seeds, minutes, onset, partitions,
        };
        command.SetAction((parse, ct) => RunAsync(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error,
            parse.GetValue(seeds), parse.GetValue(minutes), parse.GetValue(onset), parse.GetValue(partitions), ct));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, TextWriter error, int seeds, int minutes, int onset,
        int partitions, CancellationToken ct)
    {
        if (seeds is < 1 or > 200 || minutes is < 10 or > 1440 || onset < 1 || onset >= minutes - 5 || partitions is < 1 or > 64)
        {
            error.WriteLine(seeds is < 1 or > 200 ? "--seeds: must be from 1 to 200."
                : minutes is < 10 or > 1440 ? "--minutes: must be from 10 to 1440."
                : partitions is < 1 or > 64 ? "--partitions: must be from 1 to 64."
                : "--onset: must be at least 1 and at least 5 minutes before the end.");
            return 1;
        }

        var work = Path.Combine(Path.GetTempPath(), "aiobs-eval-drift-" + Guid.NewGuid().ToString("N")[..8]);
        var engine = new EngineOptions { Partitions = partitions, Notifications = null };
        var results = new List<DriftSeedResult>();
        try
        {
            for (var seed = 1; seed <= seeds; seed++)
            {
                var r = await DriftEvaluation.RunSeedAsync(seed, minutes, onset, work, engine, ct).ConfigureAwait(false);
                results.Add(r);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"seed {r.Seed,3}: delay {(r.DelayMs is { } d ? (d / 60_000.0).ToString("0.0", CultureInfo.InvariantCulture) + " min" : "MISSED"),9} ({r.Signal}); false alarms: with drift {r.FalseAlarmsWithDrift}, without drift {r.FalseAlarmsWithoutDrift}"));
                foreach (var f in r.FalseSignals)
                {
                    output.WriteLine("          false alarm: " + f);
                }
            }
        }
        catch (IOException ex)
        {
            error.WriteLine($"eval drift: cannot write the simulation under '{work}': {ex.Message}");
            return 2;
        }
        finally
        {
            TryDelete(work);
        }

        Summarize(output, results);
        return 0;
    }

    private static void Summarize(TextWriter output, List<DriftSeedResult> results)
    {
        var delays = results.Where(r => r.DelayMs is not null).Select(r => r.DelayMs!.Value / 60_000.0).Order().ToList();
        var within10 = delays.Count(d => d <= 10);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"detected {delays.Count}/{results.Count} (within 10 min: {within10}); delay min {(delays.Count > 0 ? delays[0] : double.NaN):0.0} / median {(delays.Count > 0 ? delays[delays.Count / 2] : double.NaN):0.0} / max {(delays.Count > 0 ? delays[^1] : double.NaN):0.0} min; false alarms: with drift {results.Sum(r => r.FalseAlarmsWithDrift)}, without drift {results.Sum(r => r.FalseAlarmsWithoutDrift)}"));
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is not an error of the evaluation.
        }
    }
}
