using System.Text;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Drift;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Core.State;
using AiObsStream.Core.Versions;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Checkpoints;

/// <summary>
/// Checkpoints across the operator graph: resuming under another partition count, the output stage's section still
/// laid out as before the graph (so checkpoints written by earlier builds are read), and older section versions
/// rejected with a message naming the version.
/// </summary>
public sealed class CheckpointCompatibilityTests : IDisposable
{
    private static readonly string[] Files = ["metrics.jsonl", "alerts.jsonl", "deadletter.jsonl", "notifications.jsonl", "incidents.jsonl"];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aiobs-ckpt-compat-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData(2, 4, 9)]
    [InlineData(3, 1, 23)]
    public async Task StopThenResume_WithAnotherPartitionCount_OutputsEqualAnUninterruptedRun(int before, int after, int stopAfterBatches)
    {
        var messages = TraceMessages.Load("h100-trace-a-dirty");
        var input = new InputOptions { BatchUnits = 8 };
        var straight = Path.Combine(_root, "straight");
        await RunAsync(new EngineOptions { Partitions = after, Input = input }, messages, straight,
            new EngineControl { StopWhenIdle = CheckpointRuns.StopWhenIdle }, null, resume: false);

        // The series were routed by hash % the checkpoint's partition count: the resumed run keeps that count.
        var resumed = Path.Combine(_root, "resumed");
        var (checkpoint, _) = await CheckpointRuns.StopThenResumeAsync(new EngineOptions { Partitions = before, Input = input },
            new EngineOptions { Partitions = after, Input = input }, messages, resumed, Path.Combine(_root, "state"), stopAfterBatches);
        Assert.Equal(before, checkpoint.Partitions);

        foreach (var file in Files.Where(f => File.Exists(Path.Combine(straight, f))))
        {
            var expected = await File.ReadAllTextAsync(Path.Combine(straight, file));
            var actual = await File.ReadAllTextAsync(Path.Combine(resumed, file));
            Assert.True(expected == actual, $"{file} differs after a stop with {before} partitions and a resume asked for {after}");
        }
    }

    [Fact]
    public async Task OutputSection_KeepsThePreGraphLayout_SoEarlierCheckpointsAreRead()
    {
        var options = new EngineOptions { Partitions = 2, Input = new InputOptions { BatchUnits = 8 } };
        var store = new CheckpointStore(Path.Combine(_root, "state"));
        var control = new EngineControl { Store = store, StopWhenIdle = CheckpointRuns.StopWhenIdle };
        await RunAsync(options, TraceMessages.Load("h100-trace-a"), Path.Combine(_root, "out"), control, null, resume: false,
            afterBatch: n => { if (n == 30) _ = control.RequestStopAsync(); });
        var section = store.TryLoad(out _)!.OutputState;

        // Read and rewritten component by component in the order the output stage used before the operator graph.
        var legacy = LegacyOutputSection.RoundTrip(options, section);
        Assert.Equal(section, legacy);

        // And a stage restored from those bytes saves them unchanged.
        await using var sink = new JsonlDirectorySink(Path.Combine(_root, "sink"));
        using var stage = new OutputStage(options, sink, 2);
        stage.RestoreState(legacy, seq: 5);
        Assert.Equal(legacy, stage.SaveState());
    }

    [Fact]
    public async Task OutputSection_OfAnOlderVersion_IsRejectedNamingTheVersion()
    {
        var options = new EngineOptions { Partitions = 1 };
        await using var sink = new JsonlDirectorySink(Path.Combine(_root, "sink"));
        using var stage = new OutputStage(options, sink, 1);
        var section = stage.SaveState();
        section[4] = 1; // the header's version byte: "OUTP" v1, before the incident correlator had a section

        var ex = Assert.Throws<InvalidDataException>(() => stage.RestoreState(section, seq: 1));

        Assert.Contains("'OUTP' has format version 1; this build reads version 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_OfAnotherFormatVersion_IsRejectedNamingTheVersion()
    {
        using var buffer = new MemoryStream();
        new EngineCheckpoint
        {
            Seq = 1, CreatedUnixMs = 1, Partitions = 1, Offsets = new Dictionary<string, long>(), SequencerState = [1],
            PartitionStates = [[2]], OutputState = [3], SinkState = [4],
        }.WriteTo(buffer);
        var bytes = buffer.ToArray();
        bytes[8] = 0; // the format version after the 8-byte magic

        var ex = Assert.Throws<InvalidDataException>(() => EngineCheckpoint.ReadFrom(new MemoryStream(bytes)));

        Assert.Contains("checkpoint format version 0 is not supported (this build reads 1)", ex.Message, StringComparison.Ordinal);
    }

    private static Task<RunSummary> RunAsync(EngineOptions options, IReadOnlyDictionary<string, IReadOnlyList<byte[]>> messages,
        string outDir, EngineControl control, IReadOnlyDictionary<string, long>? start, bool resume, Action<int>? afterBatch = null) =>
        CheckpointRuns.RunAsync(options, messages, outDir, control, start, resume, afterBatch: afterBatch);

    /// <summary>The output stage's section as the stage wrote and read it before the operator graph (kept verbatim).</summary>
    private static class LegacyOutputSection
    {
        public static byte[] RoundTrip(EngineOptions options, byte[] state)
        {
            var versions = new VersionResolver();
            var rules = new RuleEngine(options.Rules, options.EventTime.Window);
            var anomalies = new AnomalyEngine(options.Anomaly);
            var notifier = new AlertNotifier(options.Notifications!);
            var deriver = new CostDeriver(options.Pricing);
            var spend = new SpendMonitor(options.Pricing.Spend, options.Anomaly.SrCnnModel);
            var regression = new VersionRegressionEngine(options.Regression, options.EventTime.Window.SizeMs);
            var drift = new QualityDriftMonitor(options.Drift);
            var incidents = new IncidentCorrelator(options.Incidents, options.EventTime.Window.SizeMs);
            var forecast = new Core.Forecasting.ForecastEngine(options.Forecast); // v3: the forecast section, appended

            using var r = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
            StateIo.ReadHeader(r, "OUTP", 3);
            var counters = new long[5];
            for (var i = 0; i < counters.Length; i++)
            {
                counters[i] = r.ReadInt64();
            }

            versions.RestoreState(r);
            rules.RestoreState(r);
            Assert.True(r.ReadBoolean());
            anomalies.RestoreState(r);
            Assert.True(r.ReadBoolean());
            notifier.RestoreState(r);
            Assert.True(r.ReadBoolean());
            deriver.RestoreState(r);
            spend.RestoreState(r);
            Assert.True(r.ReadBoolean());
            regression.RestoreState(r);
            Assert.True(r.ReadBoolean());
            drift.RestoreState(r);
            Assert.True(r.ReadBoolean());
            incidents.RestoreState(r);
            Assert.True(r.ReadBoolean());
            forecast.RestoreState(r);
            Assert.Equal(r.BaseStream.Length, r.BaseStream.Position);

            using var buffer = new MemoryStream();
            using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                StateIo.WriteHeader(w, "OUTP", 3);
                foreach (var c in counters)
                {
                    w.Write(c);
                }

                versions.SaveState(w);
                rules.SaveState(w);
                w.Write(true);
                anomalies.SaveState(w);
                w.Write(true);
                notifier.SaveState(w);
                w.Write(true);
                deriver.SaveState(w);
                spend.SaveState(w);
                w.Write(true);
                regression.SaveState(w);
                w.Write(true);
                drift.SaveState(w);
                w.Write(true);
                incidents.SaveState(w);
                w.Write(true);
                forecast.SaveState(w);
            }

            return buffer.ToArray();
        }
    }
}
