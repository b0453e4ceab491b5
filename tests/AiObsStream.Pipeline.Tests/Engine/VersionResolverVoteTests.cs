using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>Which request rows vote in <see cref="VersionResolver"/>: on-time ones (a merged final row among them), not final ones.</summary>
public class VersionResolverVoteTests
{
    private const long Minute = 60_000;

    private static SeriesDims Dims(TelemetrySource source, string version, string gpu = "") =>
        DimsPool.Shared.Intern(new DimsKey(source, "vote-dep", "gpt-4o", version, "", "", gpu.Length > 0 ? "node" : "", gpu));

    private static MetricRow Requests(string version, long count, RowKind kind, bool alsoOnTime = false) => new()
    {
        WindowStartMs = 5 * Minute,
        WindowEndMs = 6 * Minute,
        Metric = MetricNames.Requests,
        Dims = Dims(TelemetrySource.AzureOpenAI, version),
        ModelVersion = version,
        Count = count,
        Sum = count,
        Min = 1,
        Max = 1,
        Mean = 1,
        Kind = kind,
        AlsoOnTime = alsoOnTime,
    };

    private static string Resolved(params MetricRow[] votes)
    {
        var resolver = new VersionResolver();
        var gpu = votes[0] with { Metric = MetricNames.GpuUtil, Dims = Dims(TelemetrySource.DCGM, "", "GPU-0"), ModelVersion = "", Kind = RowKind.OnTime, AlsoOnTime = false };
        resolver.Observe([.. votes, gpu]);
        return resolver.Resolve(gpu).ModelVersion;
    }

    [Fact]
    public void Observe_FinalRowThatIsAlsoOnTime_VotesAsTheOnTimeRowWould()
    {
        // the merged row of v2 outvotes the on-time row of v1, as the on-time row of v2 it stands for does
        Assert.Equal("v2", Resolved(Requests("v1", 3, RowKind.OnTime), Requests("v2", 5, RowKind.OnTime)));
        Assert.Equal("v2", Resolved(Requests("v1", 3, RowKind.OnTime), Requests("v2", 5, RowKind.Final, alsoOnTime: true)));
    }

    [Fact]
    public void Observe_PlainFinalRow_DoesNotVote()
    {
        // a plain final row repeats an on-time row of an earlier tick: counting it again would double its votes
        Assert.Equal("v1", Resolved(Requests("v1", 3, RowKind.OnTime), Requests("v2", 5, RowKind.Final)));
    }
}
