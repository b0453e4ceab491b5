using System.CommandLine;
using AiObsStream.Cli.Commands;
using AiObsStream.Cli.Report;

namespace AiObsStream.Cli;

/// <summary>The <c>aiobs</c> entry point: parses the command line and hands over to a command.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        var root = new RootCommand("AiObsStream: AI-aware stream analytics for Azure OpenAI, App Insights and DCGM telemetry.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(RelayCommand.Create());
        root.Subcommands.Add(DetectCommand.Create());
        root.Subcommands.Add(SeasonalityCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        // Signals are handled by the commands themselves (run drains and flushes on SIGINT/SIGTERM), so the parser must
        // not kill the process on its own timeout.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
