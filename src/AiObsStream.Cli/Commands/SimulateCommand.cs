using System.CommandLine;
using System.Globalization;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// <c>aiobs simulate --out DIR [--minutes N] [--seed S] [--start ISO] [--rate-scale X] [--latency-sigma S]
/// [--latency-shape lognormal|bimodal] [--incident KIND@MINUTE]...</c>:
/// writes simulated Azure OpenAI logs, App Insights dependencies and evaluations, dcgm-exporter text and a ground truth.
/// </summary>
/// <remarks>Exit codes: 0 success; 1 invalid arguments (the message names the option); 2 the files could not be written.</remarks>
internal static class SimulateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder (created if missing).", Required = true };
        var minutes = new Option<int>("--minutes") { Description = "Length of the run in minutes (1-1440).", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same bytes).", DefaultValueFactory = _ => 1 };
        var start = new Option<string?>("--start") { Description = "Start time, ISO-8601 UTC (default 2026-11-22T00:00:00Z)." };
        var rate = new Option<double>("--rate-scale") { Description = "Multiplies every request rate (0.05-20).", DefaultValueFactory = _ => 1.0 };
        var sigma = new Option<double>("--latency-sigma") { Description = "Log-space sigma of chat TTFT (0.05-1.5).", DefaultValueFactory = _ => 0.3 };
        var shape = new Option<LatencyShape>("--latency-shape") { Description = "LogNormal, or Bimodal (10 % of chat calls 1.8x slower).", DefaultValueFactory = _ => LatencyShape.LogNormal };
        var incidents = new Option<string[]>("--incident")
        {
            Description = "KIND@MINUTE; kinds: " + IncidentCatalog.KindList + ". Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var loadRamp = new Option<LoadRampShape?>("--load-ramp")
        {
            Description = "Instead of a minute-level run: days of chat-prod GPU scrapes every 5 minutes whose load is a Ramp (grows until the GPUs saturate on day 4; truth load-ramp, cause capacity), Flat or Seasonal (healthy). Uses --seed, --start and --hours.",
        };
        var hours = new Option<int>("--hours") { Description = "With --load-ramp: hours simulated (30-336).", DefaultValueFactory = _ => LoadRampSimulator.DefaultHours };
        var command = new Command("simulate", "Write realistic multi-deployment telemetry with injected incidents and a ground-truth file.")
        {
            output, minutes, seed, start, rate, sigma, shape, incidents, loadRamp, hours,
        };
        command.SetAction(parse => parse.GetValue(loadRamp) is { } ramp
            ? RunLoadRamp(parse, parse.GetValue(output)!, ramp, parse.GetValue(seed), parse.GetValue(start), parse.GetValue(hours))
            : Run(parse, parse.GetValue(output)!, parse.GetValue(minutes), parse.GetValue(seed),
                parse.GetValue(start), parse.GetValue(rate), parse.GetValue(incidents) ?? [], parse.GetValue(sigma), parse.GetValue(shape)));
        return command;
    }

    private static int RunLoadRamp(ParseResult parse, string outDir, LoadRampShape shape, int seed, string? startText, int hours)
    {
        var error = parse.InvocationConfiguration.Error;
        if (hours is < 30 or > 336)
        {
            error.WriteLine($"--hours: {hours} is out of range [30, 336].");
            return 1;
        }

        var start = SimulationOptions.DefaultStart;
        if (startText is not null && (!DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out start) || start.Ticks % TimeSpan.TicksPerHour != 0))
        {
            error.WriteLine($"--start: '{startText}' is not a whole hour (ISO-8601, UTC).");
            return 1;
        }

        var result = LoadRampSimulator.Generate(new LoadRampOptions { Seed = seed, Shape = shape, Start = start.ToUniversalTime(), Hours = hours });
        if (!TryWrite(error, outDir, result))
        {
            return 2;
        }

        parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"simulate: load {shape.ToString().ToLowerInvariant()}, {hours} h, {result.GpuSamples.Count} GPU scrapes, {result.Truth.Incidents.Count} incidents -> {outDir}"));
        return 0;
    }

    private static int Run(ParseResult parse, string outDir, int minutes, int seed, string? startText, double rate, string[] incidentTexts,
        double sigma, LatencyShape shape)
    {
        var error = parse.InvocationConfiguration.Error;
        var options = Build(error, minutes, seed, startText, rate, incidentTexts);
        if (options is null)
        {
            return 1;
        }

        if (sigma is < 0.05 or > 1.5 || double.IsNaN(sigma))
        {
            error.WriteLine($"--latency-sigma: {sigma.ToString(CultureInfo.InvariantCulture)} is out of range [0.05, 1.5].");
            return 1;
        }

        options = options with { LatencySigma = sigma, Shape = shape };

        var result = TrafficSimulator.Generate(options);
        if (!TryWrite(error, outDir, result))
        {
            return 2;
        }

        parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"simulate: {result.Requests.Count} calls, {result.Evaluations.Count} evaluations, {result.GpuSamples.Count} GPU scrapes, {options.Incidents.Count} incidents -> {outDir}"));
        return 0;
    }

    /// <summary>Writes the simulated files into <paramref name="outDir"/>; false, the reason written, when it cannot.</summary>
    private static bool TryWrite(TextWriter error, string outDir, SimulationResult result)
    {
        try
        {
            SimulationWriter.WriteAll(outDir, result);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"--out: cannot write '{outDir}': {ex.Message}");
            return false;
        }
    }

    private static SimulationOptions? Build(TextWriter error, int minutes, int seed, string? startText, double rate, string[] incidentTexts)
    {
        if (minutes is < 1 or > 1440)
        {
            error.WriteLine($"--minutes: {minutes} is out of range [1, 1440].");
            return null;
        }

        if (rate is < 0.05 or > 20 || double.IsNaN(rate))
        {
            error.WriteLine($"--rate-scale: {rate.ToString(CultureInfo.InvariantCulture)} is out of range [0.05, 20].");
            return null;
        }

        var start = SimulationOptions.DefaultStart;
        if (startText is not null && !DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out start))
        {
            error.WriteLine($"--start: '{startText}' is not an ISO-8601 time.");
            return null;
        }

        var specs = new List<IncidentSpec>(incidentTexts.Length);
        foreach (var text in incidentTexts)
        {
            if (!IncidentSpec.TryParse(text, minutes, out var spec, out var message))
            {
                error.WriteLine("--incident: " + message);
                return null;
            }

            specs.Add(spec);
        }

        return new SimulationOptions { Minutes = minutes, Seed = seed, Start = start, RateScale = rate, Incidents = specs };
    }
}
