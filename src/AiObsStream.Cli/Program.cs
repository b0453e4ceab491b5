using System.CommandLine;

namespace AiObsStream.Cli;

/// <summary>The <c>aiobs</c> entry point: parses the command line and hands over to a command.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("AiObsStream: AI-aware stream analytics for Azure OpenAI, App Insights and DCGM telemetry.");
        root.Subcommands.Add(Commands.EvalCommand.Create());
        return root.Parse(args).Invoke();
    }
}
