using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Engine;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// Split-run equivalence and corruption handling of <see cref="VersionResolver"/>'s checkpoint, and its pruning:
/// <see cref="VersionResolver.Prune"/> forgets exactly the windows that start before its bound, also when it skips its
/// walk (no window older than the bound), when votes for older windows arrive after a prune, and after a restore.
/// </summary>
public class VersionResolverStateTests
{
    private const long Minute = 60_000;
    private static readonly string[] Deployments = ["chat-prod", "chat-mini"];
    private static readonly string[] Versions = ["2024-08-06", "2024-11-20", "2024-07-18"];

    private static MetricRow Row(long window, string metric, SeriesDims dims, long count) => new()
    {
        WindowStartMs = window * Minute,
        WindowEndMs = (window + 1) * Minute,
        Metric = metric,
        Dims = dims,
        ModelVersion = dims.ModelVersion,
        Count = count,
        Sum = count,
        Min = 1,
        Max = 1,
        Mean = 1,
    };

    private static SeriesDims Dims(TelemetrySource source, string deployment, string version, string gpu = "") =>
        DimsPool.Shared.Intern(new DimsKey(source, deployment, "gpt-4o", version, "", "", gpu.Length > 0 ? "node" : "", gpu));

    /// <summary>Per window: request rows of a rolling release (votes shift between versions), then GPU rows to resolve.</summary>
    private static List<(List<MetricRow> Votes, List<MetricRow> Gpu)> Steps(int seed)
    {
        var rng = new Random(seed);
        var steps = new List<(List<MetricRow>, List<MetricRow>)>();
        for (var w = 0; w < 40; w++)
        {
            var votes = new List<MetricRow>();
            foreach (var deployment in Deployments)
            {
                foreach (var version in Versions)
                {
                    if (rng.Next(3) > 0)
                    {
                        votes.Add(Row(w, rng.Next(2) == 0 ? MetricNames.Requests : MetricNames.LatencyMs,
                            Dims(TelemetrySource.AzureOpenAI, deployment, version), rng.Next(0, 5)));
                    }
                }
            }

            var gpu = Deployments.Select(d => Row(w - rng.Next(0, 3), MetricNames.GpuUtil, Dims(TelemetrySource.DCGM, d, "", "GPU-0"), 4)).ToList();
            steps.Add((w % 7 == 3 ? [] : votes, gpu));
        }

        return steps;
    }

    private static List<string> Run(List<(List<MetricRow> Votes, List<MetricRow> Gpu)> steps, int split)
    {
        var resolver = new VersionResolver();
        var output = new List<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (i == split)
            {
                var bytes = Save(resolver);
                resolver = new VersionResolver();
                using var reader = new BinaryReader(new MemoryStream(bytes));
                resolver.RestoreState(reader);
                Assert.Equal(bytes, Save(resolver));
            }

            resolver.Observe(steps[i].Votes);
            output.AddRange(steps[i].Gpu.Select(r => $"{r.WindowStartMs}/{r.Dims.Deployment}/{resolver.Resolve(r).ModelVersion}"));
            if (i % 5 == 4)
            {
                resolver.Prune((i - 3) * Minute);
            }
        }

        return output;
    }

    private static byte[] Save(VersionResolver resolver)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            resolver.SaveState(w);
        }

        return stream.ToArray();
    }

    [Fact]
    public void SplitRun_AnySplitAndSeed_ResolvesAsUninterrupted()
    {
        Prop.ForAll(Gen.Choose(0, 39).ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(), (split, seed) =>
        {
            var steps = Steps(seed);
            return Run(steps, int.MaxValue).SequenceEqual(Run(steps, split));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SplitRun_ResolvesSomeVersions()
    {
        Assert.Contains(Run(Steps(1), 20), s => s.EndsWith("2024-11-20", StringComparison.Ordinal));
    }

    [Fact]
    public void RestoreState_TruncatedOrFlipped_ThrowsNamingResolver()
    {
        var resolver = new VersionResolver();
        foreach (var (votes, _) in Steps(3).Take(10))
        {
            resolver.Observe(votes);
        }

        var bytes = Save(resolver);
        for (var i = 0; i < bytes.Length; i += Math.Max(1, bytes.Length / 97))
        {
            var flipped = (byte[])bytes.Clone();
            flipped[i] ^= 0x10;
            foreach (var bad in new[] { bytes[..i], flipped })
            {
                using var reader = new BinaryReader(new MemoryStream(bad));
                var ex = Assert.Throws<InvalidDataException>(() => new VersionResolver().RestoreState(reader));
                Assert.Contains("VersionResolver", ex.Message, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>What a GPU row of every window from 0 to <paramref name="windows"/> - 1 resolves to.</summary>
    private static string Resolutions(VersionResolver resolver, int windows) => string.Join(',', Enumerable.Range(0, windows)
        .Select(w => resolver.Resolve(Row(w, MetricNames.GpuUtil, Dims(TelemetrySource.DCGM, "prune-dep", "", "GPU-0"), 4)).ModelVersion));

    [Fact]
    public void ObserveAndPrune_AnySequence_ResolvesAsAModelThatForgetsEveryWindowBeforeTheBound()
    {
        // An operation: a vote for a window (its version is named after the step and its count is the step, so the
        // newest vote of a window wins it), or a prune with a bound in minutes (in any order, also lower ones).
        const int Windows = 12;
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
                    resolver.Observe([Row(window, MetricNames.Requests, Dims(TelemetrySource.AzureOpenAI, "prune-dep", version), step)]);
                    model[window] = version;
                    latest = version;
                }

                var expected = string.Join(',', Enumerable.Range(0, Windows).Select(w => model.GetValueOrDefault(w, latest)));
                Assert.Equal(expected, Resolutions(resolver, Windows));
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Prune_AfterRestore_ForgetsTheRestoredWindowsBeforeTheBound()
    {
        var resolver = new VersionResolver();
        for (var w = 0; w < 6; w++)
        {
            resolver.Observe([Row(w, MetricNames.Requests, Dims(TelemetrySource.AzureOpenAI, "prune-dep", "v" + w), 1)]);
        }

        var restored = new VersionResolver();
        restored.Prune(9 * Minute); // before the restore: an empty resolver, nothing to forget
        using (var reader = new BinaryReader(new MemoryStream(Save(resolver))))
        {
            restored.RestoreState(reader);
        }

        restored.Prune(3 * Minute);

        Assert.Equal("v5,v5,v5,v3,v4,v5,v5,v5,v5,v5,v5,v5", Resolutions(restored, 12));
    }
}
