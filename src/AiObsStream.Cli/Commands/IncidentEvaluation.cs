using System.Diagnostics;
using AiObsStream.Core.Evaluation.Incidents;
using AiObsStream.Formats.Simulation;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// Runs every case of the given corpus sources through the real engine (in-process, file inputs, default
/// configuration), reads incidents.jsonl and notifications.jsonl back and scores them (<see cref="IncidentScorer"/>).
/// </summary>
/// <remarks>
/// Cases run in parallel, each on one engine partition (outputs do not depend on the partition count); results come back
/// in case order, so the report is deterministic. Each case's folder is deleted once it is scored.
/// </remarks>
internal static class IncidentEvaluation
{
    /// <summary>The family of every recorded trace.</summary>
    public const string TracesFamily = "traces";

    /// <summary>Runs and scores every case.</summary>
    public static async Task<IReadOnlyList<IncidentCaseResult>> RunAsync(IReadOnlyList<ICorpusSource> sources, string workDir,
        int parallelism, Action<IncidentCaseResult>? progress, CancellationToken ct)
    {
        var cases = new List<(CorpusCase Case, string Source)>();
        foreach (var source in sources)
        {
            string family = SourceFamily(source);
            cases.AddRange(source.Cases().Select(c => (c, family)));
        }

        var results = new IncidentCaseResult[cases.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, cases.Count), options, async (i, token) =>
        {
            results[i] = await RunCaseAsync(cases[i].Case, cases[i].Source, Path.Combine(workDir, i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + "-" + cases[i].Case.Name), token).ConfigureAwait(false);
            progress?.Invoke(results[i]);
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>The report line a source's cases count toward: every recorded trace is <c>traces</c>, other sources go by name.</summary>
    public static string SourceFamily(ICorpusSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source is RecordedTraceSource ? TracesFamily : source.Name;
    }

    /// <summary>Summarizes the results of <see cref="RunAsync"/> per source family, in first-seen order.</summary>
    public static IReadOnlyList<(string Source, IncidentScoreSummary Summary)> SummarizeBySource(IReadOnlyList<IncidentCaseResult> results) =>
        results.GroupBy(r => r.Source, StringComparer.Ordinal).Select(g => (g.Key, Summarize(g.ToList()))).ToList();

    /// <summary>Summarizes the results of <see cref="RunAsync"/>.</summary>
    public static IncidentScoreSummary Summarize(IReadOnlyList<IncidentCaseResult> results) =>
        IncidentScoreboard.Summarize(results.Select(r => r.Score).ToList());

    private static async Task<IncidentCaseResult> RunCaseAsync(CorpusCase corpusCase, string source, string dir, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var prepared = corpusCase.Prepare(Path.Combine(dir, "in"));
            var outDir = Path.Combine(dir, "out");
            await using (var sink = new IncidentEvalSink(new JsonlDirectorySink(outDir)))
            {
                await new StreamEngine(new EngineOptions { Partitions = 1 }).RunAsync(prepared.Inputs, sink, ct).ConfigureAwait(false);
            }

            var log = IncidentLogReader.ReadDirectory(outDir);
            var score = IncidentScorer.Score(prepared.Truth, log.Incidents);
            return new IncidentCaseResult(corpusCase.Name, corpusCase.Group, source, score, log, clock.Elapsed);
        }
        finally
        {
            TryDelete(dir);
        }
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
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
