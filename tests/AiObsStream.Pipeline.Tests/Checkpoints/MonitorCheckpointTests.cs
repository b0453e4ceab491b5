using System.Text;
using System.Text.Json;
using AiObsStream.Core.Security;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Checkpoints;

/// <summary>
/// The sequencer's event monitors (caller, access, dependency) survive a stop and restore: on simulated traffic with a
/// caller surge, a secret-access burst and a dependency slowness, a run stopped at a barrier and resumed from its
/// checkpoint writes the same alerts and incidents as an uninterrupted run (no relearned baselines, no re-raised alerts).
/// </summary>
public sealed class MonitorCheckpointTests : IDisposable
{
    private static readonly string[] Files = ["alerts.jsonl", "incidents.jsonl", "metrics.jsonl"];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aiobs-monckpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData(0.35)]
    [InlineData(0.5)]
    [InlineData(0.7)]
    public async Task StopThenRestore_CallerSurgeTraffic_AlertsEqualAnUninterruptedRun(double stopAt)
    {
        var messages = Simulate();
        var stopAfterBatches = (int)(messages["aoai"].Count / 8 * stopAt);
        var options = new EngineOptions { Partitions = 2, Input = new InputOptions { BatchUnits = 8 } };

        var straight = Path.Combine(_root, "straight");
        await RunAsync(options, messages, straight, new EngineControl { StopWhenIdle = TimeSpan.FromMilliseconds(300) }, null, resume: false);

        var resumed = Path.Combine(_root, "resumed");
        var store = new CheckpointStore(Path.Combine(_root, "state"));
        var first = new EngineControl { Store = store, StopWhenIdle = TimeSpan.FromMilliseconds(300) };
        await RunAsync(options, messages, resumed, first, null, resume: false,
            afterBatch: n => { if (n == stopAfterBatches) _ = first.RequestStopAsync(); });
        Assert.True(first.StopRequested);
        var checkpoint = store.TryLoad(out var warning);
        Assert.Null(warning);
        Assert.NotNull(checkpoint);
        var second = new EngineControl { Store = store, Restore = checkpoint, StopWhenIdle = TimeSpan.FromMilliseconds(300) };
        await RunAsync(options, messages, resumed, second, checkpoint.Offsets, resume: true);

        foreach (var file in Files)
        {
            var expected = await File.ReadAllTextAsync(Path.Combine(straight, file));
            var actual = await File.ReadAllTextAsync(Path.Combine(resumed, file));
            Assert.True(expected == actual, $"{file} differs after stop+restore at batch {stopAfterBatches} ({expected.Length} vs {actual.Length} chars)");
        }

        // The data must exercise the monitors: the surge is announced once, in both runs.
        var firing = File.ReadLines(Path.Combine(resumed, "alerts.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(a => a.GetProperty("Status").GetString() == "Firing").Select(a => a.GetProperty("Rule").GetString()).ToList();
        Assert.Single(firing, r => r == SecurityRules.CallerSurge);
        Assert.Contains(firing, r => r == SecurityRules.SecretAccessRate || r == SecurityRules.NewIdentity);
    }

    [Fact]
    public async Task CheckpointWithoutTheMonitorSection_IsRead_AndABadOneIsRejectedWithAClearMessage()
    {
        var messages = Simulate();
        var options = new EngineOptions { Partitions = 2, Input = new InputOptions { BatchUnits = 8 } };
        var store = new CheckpointStore(Path.Combine(_root, "state"));
        var first = new EngineControl { Store = store, StopWhenIdle = TimeSpan.FromMilliseconds(300) };
        await RunAsync(options, messages, Path.Combine(_root, "first"), first, null, resume: false,
            afterBatch: n => { if (n == 60) _ = first.RequestStopAsync(); });
        var checkpoint = store.TryLoad(out _)!;
        var state = checkpoint.SequencerState;
        var at = state.AsSpan().LastIndexOf("SMON"u8);
        Assert.True(at > 0);

        // Written before the monitors were saved: the sequencer state ends before the section, and monitors start empty.
        await RunAsync(options, messages, CopyOfFirst("old"), Resume(store, With(checkpoint, state[..at])), checkpoint.Offsets, resume: true);
        Assert.NotEmpty(await File.ReadAllTextAsync(Path.Combine(_root, "old", "metrics.jsonl")));

        // Written by main before the monitors' feed (SMON v1): the same section without the feed's blob at its end; read
        // as a feed holding nothing (its monitors had taken every admitted event).
        var feed = state.AsSpan().LastIndexOf("MFED"u8);
        Assert.True(feed > at);
        var v1 = state[..(feed - 4)];
        v1[at + 4] = 1;
        await RunAsync(options, messages, CopyOfFirst("v1"), Resume(store, With(checkpoint, v1)), checkpoint.Offsets, resume: true);
        Assert.NotEmpty(await File.ReadAllTextAsync(Path.Combine(_root, "v1", "metrics.jsonl")));
        var v1WithFeed = (byte[])state.Clone();
        v1WithFeed[at + 4] = 1; // a v1 header before v2 content: the feed's bytes are left unread
        await AssertRejectedAsync(With(checkpoint, v1WithFeed), "unread");

        var newer = (byte[])state.Clone();
        newer[at + 4] = 9;
        await AssertRejectedAsync(With(checkpoint, newer), "'SMON' has format version 9; this build reads versions 1 and 2");
        await AssertRejectedAsync(With(checkpoint, state[..(at + 12)]), "sequencer checkpoint section is truncated");
        var flipped = (byte[])state.Clone();
        flipped[at + 5 + 4 + 20] ^= 0x01; // inside the caller monitor's body (after the SMON header, blob length, CALR header)
        await AssertRejectedAsync(With(checkpoint, flipped), "caller monitor state ('CALR' v1) is corrupt or incompatible: checksum mismatch");

        async Task AssertRejectedAsync(EngineCheckpoint bad, string expected)
        {
            var ex = await Assert.ThrowsAsync<InvalidDataException>(() =>
                RunAsync(options, messages, CopyOfFirst("bad"), Resume(store, bad), bad.Offsets, resume: true));
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }

        // The stopped run's output folder as the checkpoint left it (a resumed sink checks it is the same).
        string CopyOfFirst(string name)
        {
            var dir = Path.Combine(_root, name);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            Directory.CreateDirectory(dir);
            foreach (var file in Directory.GetFiles(Path.Combine(_root, "first")))
            {
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            }

            return dir;
        }
    }

    private static EngineControl Resume(CheckpointStore store, EngineCheckpoint checkpoint) =>
        new() { Store = store, Restore = checkpoint, StopWhenIdle = TimeSpan.FromMilliseconds(300) };

    private static EngineCheckpoint With(EngineCheckpoint c, byte[] sequencerState) => new()
    {
        Seq = c.Seq,
        CreatedUnixMs = c.CreatedUnixMs,
        Partitions = c.Partitions,
        Offsets = c.Offsets,
        SequencerState = sequencerState,
        PartitionStates = c.PartitionStates,
        OutputState = c.OutputState,
        SinkState = c.SinkState,
    };

    /// <summary>Simulated inputs as topics of one message per line (Event Hubs bodies, Key Vault records).</summary>
    private Dictionary<string, IReadOnlyList<byte[]>> Simulate()
    {
        var result = TrafficSimulator.Generate(new SimulationOptions
        {
            Seed = 3,
            Minutes = 24,
            RateScale = 0.5,
            Incidents = [new IncidentSpec(IncidentKind.CallerSurge, 8), new IncidentSpec(IncidentKind.SecretAccess, 14), new IncidentSpec(IncidentKind.DependencyLatency, 18)],
        });
        var dir = Path.Combine(_root, "in");
        SimulationWriter.WriteAll(dir, result);
        IReadOnlyList<byte[]> Lines(string name) =>
            [.. File.ReadLines(Path.Combine(dir, name)).Where(l => l.Trim().Length > 0).Select(l => Encoding.UTF8.GetBytes(l))];
        return new Dictionary<string, IReadOnlyList<byte[]>>
        {
            ["aoai"] = Lines(SimulationWriter.AoaiFile),
            ["deps"] = Lines(SimulationWriter.DependenciesFile),
            ["kv"] = Lines(SimulationWriter.KeyVaultFile),
        };
    }

    private static async Task RunAsync(EngineOptions options, IReadOnlyDictionary<string, IReadOnlyList<byte[]>> messages,
        string outDir, EngineControl control, IReadOnlyDictionary<string, long>? start, bool resume, Action<int>? afterBatch = null)
    {
        var inputs = messages.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => (IInput)new ReplayMessagesInput(m.Key, m.Value, start?.GetValueOrDefault(m.Key) ?? 0, options.Input,
                m.Key == "aoai" ? afterBatch : null))
            .ToList();
        await using var sink = new JsonlDirectorySink(outDir, resume);
        await new StreamEngine(options).RunAsync(inputs, sink, CancellationToken.None, control);
        await sink.FlushAsync(CancellationToken.None);
    }
}
