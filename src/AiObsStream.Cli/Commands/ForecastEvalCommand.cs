using System.CommandLine;
using System.Globalization;
using AiObsStream.Core.Forecasting;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// <c>aiobs eval forecast [--seeds N] [--weeks W] [--horizon H]</c>: for each seed, simulates W weeks of hourly request
/// load and GPU utilization (<see cref="SimulatedLoad"/>), trains on all but the last week, forecasts every hour of the
/// last week 1..H hours ahead (rolling origin) and prints MASE and MAPE of the model and of the seasonal-naive baseline,
/// and the interval coverage.
/// </summary>
/// <remarks>Exit codes: 0 success; 1 invalid arguments.</remarks>
internal static class ForecastEvalCommand
{
    private const long StartHour = 480_096; // 2024-10-08 00:00 UTC, a Tuesday

    /// <summary>Builds <c>eval forecast</c>.</summary>
    public static Command Create()
    {
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds (1..N), 1-100.", DefaultValueFactory = _ => 5 };
        var weeks = new Option<int>("--weeks") { Description = "Simulated weeks per seed (3-8); the last one is the test week.", DefaultValueFactory = _ => 4 };
        var horizon = new Option<int>("--horizon") { Description = "Hours ahead (1-48).", DefaultValueFactory = _ => 6 };
        var command = new Command("forecast", "Forecast error (MASE, MAPE vs seasonal naive) and interval coverage on simulated weeks, over seeds.")
        {
            seeds, weeks, horizon,
        };
        command.SetAction(parse => Run(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error,
            parse.GetValue(seeds), parse.GetValue(weeks), parse.GetValue(horizon)));
        return command;
    }

    private static int Run(TextWriter output, TextWriter error, int seeds, int weeks, int horizon)
    {
        if (seeds is < 1 or > 100 || weeks is < 3 or > 8 || horizon is < 1 or > 48)
        {
            error.WriteLine(seeds is < 1 or > 100 ? "--seeds: must be from 1 to 100."
                : weeks is < 3 or > 8 ? "--weeks: must be from 3 to 8." : "--horizon: must be from 1 to 48.");
            return 1;
        }

        var defaults = new ForecastOptions();
        var train = (weeks - 1) * 168;
        var load = new SeasonalModelOptions { Scale = ForecastScale.Log, IntervalLevel = defaults.IntervalLevel };
        var util = new SeasonalModelOptions { Scale = ForecastScale.Linear, Ceiling = 100, IntervalLevel = defaults.IntervalLevel };
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{weeks} simulated weeks per seed, train {weeks - 1} weeks, test the last week: every hour, 1-{horizon} h ahead; interval {defaults.IntervalLevel:P0}"));
        output.WriteLine("seed  series    MASE model  MASE s-naive  MAPE model  MAPE s-naive  coverage");
        var all = new List<(string Series, ForecastScore Score)>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var (rpm, gpu) = SimulatedLoad.Generate(seed, StartHour, weeks * 168);
            foreach (var (name, values, options) in new[] { ("rpm", rpm, load), ("gpu_util", gpu, util) })
            {
                var score = ForecastAccuracy.Score(values, StartHour, train, horizon, 1, (int)defaults.MaxHistory.TotalHours, options);
                all.Add((name, score));
                output.WriteLine(Line(seed.ToString(CultureInfo.InvariantCulture), name, score));
            }
        }

        foreach (var name in new[] { "rpm", "gpu_util" })
        {
            var scores = all.Where(a => a.Series == name).Select(a => a.Score).ToList();
            output.WriteLine(Line("mean", name, new ForecastScore(scores.Sum(s => s.Forecasts), scores.Average(s => s.Mase),
                scores.Average(s => s.NaiveMase), scores.Average(s => s.Mape), scores.Average(s => s.NaiveMape), scores.Average(s => s.Coverage))));
        }

        return 0;
    }

    private static string Line(string seed, string series, ForecastScore s) => string.Create(CultureInfo.InvariantCulture,
        $"{seed,-5} {series,-9} {s.Mase,10:0.000}  {s.NaiveMase,12:0.000}  {s.Mape,10:P1}  {s.NaiveMape,12:P1}  {s.Coverage,8:P1}");
}
