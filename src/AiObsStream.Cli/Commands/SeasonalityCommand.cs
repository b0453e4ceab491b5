using System.CommandLine;
using System.Globalization;
using AiObsStream.Core.Detectors.SpectralResidual;

namespace AiObsStream.Cli.Commands;

/// <summary><c>aiobs seasonality --input FILE.csv [--column NAME] [--window N]</c>: prints the period or −1.</summary>
internal static class SeasonalityCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "CSV file with a header and a Value column.", Required = true };
        var column = new Option<string?>("--column") { Description = "Value column name (default Value/value)." };
        var window = new Option<int>("--window")
        {
            Description = "Use only the first N values (-1 = all).",
            DefaultValueFactory = _ => -1,
        };
        window.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < -1)
            {
                r.AddError("--window must be -1 or a non-negative integer.");
            }
        });

        var command = new Command("seasonality", "Detect the period of a series (ML.NET DetectSeasonality semantics).")
        {
            input, column, window,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var series = CsvInput.Read(parse.GetValue(input)!, parse.GetValue(column), error);
            if (series is null)
            {
                return 1;
            }

            int period = SeasonalityDetector.DetectPeriod(series.Values.Span, parse.GetValue(window));
            parse.InvocationConfiguration.Output.WriteLine(period.ToString(CultureInfo.InvariantCulture));
            return 0;
        });
        return command;
    }
}
