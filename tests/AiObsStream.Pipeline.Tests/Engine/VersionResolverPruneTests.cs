using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Engine;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// <see cref="VersionResolver.Prune"/> forgets exactly the windows that start before its bound, also when it skips the
/// walk (no window older than the bound) and when votes for older windows arrive after a prune.
/// </summary>
public class VersionResolverPruneTests
{
    private const long Minute = 60_000;
    private const int Windows = 12;

    private static SeriesDims Dims(TelemetrySource source, string version, string gpu = "") =>
        DimsPool.Shared.Intern(new DimsKey(source, "prune-dep", "gpt-4o", version, "", "", gpu.Length > 0 ? "node" : "", gpu));

    private static MetricRow Row(int window, string metric, SeriesDims dims, string version, long count) => new()
    {
        WindowStartMs = window * Minute,
        WindowEndMs = (window + 1) * Minute,
        Metric = metric,
        Dims = dims,
        ModelVersion = version,
        Count = count,
        Sum = count,
        Min = 1,
        Max = 1,
        Mean = 1,
    };

    /// <summary>What a GPU row of every window resolves to.</summary>
    private static string Resolutions(VersionResolver resolver) => string.Join(',', Enumerable.Range(0, Windows)
        .Select(w => resolver.Resolve(Row(w, MetricNames.GpuUtil, Dims(TelemetrySource.DCGM, "", "GPU-0"), "", 1)).ModelVersion));

    [Fact]
    public void ObserveAndPrune_AnySequence_ResolvesAsAModelThatForgetsEveryWindowBeforeTheBound()
    {
        // An operation: a vote for a window (its version is named after the step, and its count grows with the step,
        // so the newest vote of a window wins it), or a prune with a bound in minutes (any order, also lower ones).
        var op = from prune in Gen.Elements(false, false, true)
                 from window in Gen.Choose(0, Windows - 1)
                 select (prune, window);
        Prop.ForAll(Gen.ListOf(op).ToArbitrary(), ops =>
        {
            var resolver = new VersionResolver();
            var model = new Dictionary<int, string>();
            var latest = string.Empty;
            var step = 0;
            foreach (var (prune, window) in ops.Take(40))
            {
                step++;
                if (prune)
                {
                    resolver.Prune(window * Minute);
                    foreach (var w in model.Keys.Where(w => w < window).ToList())
                    {
                        model.Remove(w);
                    }
                }
                else
                {
                    var version = "v" + step;
                    resolver.Observe([Row(window, MetricNames.Requests, Dims(TelemetrySource.AzureOpenAI, version), version, step)]);
                    model[window] = version;
                    latest = version;
                }

                var expected = string.Join(',', Enumerable.Range(0, Windows).Select(w => model.GetValueOrDefault(w, latest)));
                Assert.Equal(expected, Resolutions(resolver));
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Prune_AfterRestore_ForgetsTheRestoredWindowsBeforeTheBound()
    {
        var resolver = new VersionResolver();
        for (var w = 0; w < 6; w++)
        {
            resolver.Observe([Row(w, MetricNames.Requests, Dims(TelemetrySource.AzureOpenAI, "v" + w), "v" + w, 1)]);
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            resolver.SaveState(writer);
        }

        stream.Position = 0;
        var restored = new VersionResolver();
        restored.Prune(9 * Minute); // before the restore: an empty resolver, nothing to forget
        using (var reader = new BinaryReader(stream))
        {
            restored.RestoreState(reader);
        }

        restored.Prune(3 * Minute);

        Assert.Equal("v5,v5,v5,v3,v4,v5,v5,v5,v5,v5,v5,v5", Resolutions(restored));
    }
}
