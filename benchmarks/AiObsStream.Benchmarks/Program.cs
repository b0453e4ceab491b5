using BenchmarkDotNet.Running;

namespace AiObsStream.Benchmarks;

/// <summary>BenchmarkDotNet entry: <c>dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>Runs the selected benchmarks; returns 1 when any failed.</summary>
    public static int Main(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
