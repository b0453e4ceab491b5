namespace AiObsStream.Cli.Report;

/// <summary>What was wrong with the output files read: missing files and lines that were not JSON objects.</summary>
internal sealed class ReportInputs
{
    /// <summary>The first few bad lines named (file:line); the rest only counted.</summary>
    private const int MaxNamed = 5;

    public List<string> Missing { get; } = [];

    public int BadLines { get; private set; }

    public List<string> BadLineNames { get; } = [];

    public void AddBadLine(string file, int line)
    {
        BadLines++;
        if (BadLineNames.Count < MaxNamed)
        {
            BadLineNames.Add(line > 0 ? $"{file}:{line}" : $"{file} (a row without Metric or WindowStart)");
        }
    }
}
