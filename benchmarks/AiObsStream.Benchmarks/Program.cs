using BenchmarkDotNet.Running;

namespace AiObsStream.Benchmarks;

/// <summary>
/// BenchmarkDotNet entry: <c>dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*'</c>;
/// <c>-- replay [minutes...]</c> runs the end-to-end replay harness instead;
/// <c>-- kafka-replay [minutes] [partitions per topic]</c> runs it against the loopback Kafka broker;
/// <c>-- jsonab [rounds]</c> runs the JSON parse Stopwatch A/B (<see cref="Formats.JsonParseStopwatch"/>);
/// <c>-- ingest FILE [rounds]</c> times the input stage alone over a file (<see cref="Formats.IngestStopwatch"/>);
/// <c>-- series-bytes [K]</c> prints bytes per active series by operator (<see cref="Memory.SeriesMemoryHarness"/>);
/// <c>-- cli [--aiobs PATH] [--runs N] [--work DIR] [--only PARTS]</c> measures the published CLI as separate processes
/// (<see cref="EndToEnd.CliHarness"/>);
/// <c>-- scale-out check|throughput --inputs DIR ...</c> runs N CLI processes with <c>--scale-out</c> on the loopback broker
/// (<see cref="EndToEnd.ScaleOutHarness"/>).
/// </summary>
public static class Program
{
    /// <summary>Runs the selected benchmarks; returns 1 when any failed.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "replay")
        {
            return EndToEnd.ReplayHarness.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "kafka-replay")
        {
            return EndToEnd.KafkaReplayHarness.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "scale-out")
        {
            return EndToEnd.ScaleOutHarness.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "series-bytes")
        {
            return Memory.SeriesMemoryHarness.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "cli")
        {
            return EndToEnd.CliHarness.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "jsonab")
        {
            return Formats.JsonParseStopwatch.Run(args[1..]);
        }

        if (args.Length > 1 && args[0] == "ingest")
        {
            return Formats.IngestStopwatch.Run(args[1..]);
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
