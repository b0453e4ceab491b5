using System.Text;
using AiObsStream.Kafka.Consumer;
using AiObsStream.Kafka.ScaleOut;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests.ScaleOut;

public sealed class TaskLocksTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aiobs-locks-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void TryClaim_HeldByAnotherHolder_RefusedUntilReleased()
    {
        var first = new TaskLocks(_root);
        var second = new TaskLocks(_root);
        Assert.True(first.TryClaim(3));
        Assert.False(second.TryClaim(3)); // an OS lock: another process (or handle) cannot take it
        Assert.True(second.TryClaim(4)); // other tasks are independent
        first.Revoked(3);
        Assert.True(second.TryClaim(3));
        Assert.Equal([3, 4], second.HeldPartitions);
        Assert.Empty(first.HeldPartitions);
    }

    [Fact]
    public void Revoked_WhileTheTaskRuns_KeptUntilItEnds()
    {
        // A revocation whose checkpoint wait ran out leaves the engine running: the lock must outlive the assignment.
        var owner = new TaskLocks(_root);
        var next = new TaskLocks(_root);
        Assert.True(owner.TryClaim(0));
        owner.Started(0);
        owner.Revoked(0);
        Assert.False(next.TryClaim(0));
        Assert.False(owner.TryClaim(0)); // assigned back to the same process: it waits for its own earlier run too
        owner.Ended(0);
        Assert.True(next.TryClaim(0));
    }

    [Fact]
    public void Ended_NotRevoked_KeptWhileStillAssigned()
    {
        var owner = new TaskLocks(_root);
        Assert.True(owner.TryClaim(1));
        owner.Started(1);
        owner.Ended(1); // an idle stop: the partition is still this process's until it is revoked
        Assert.False(new TaskLocks(_root).TryClaim(1));
        owner.Revoked(1);
        Assert.True(new TaskLocks(_root).TryClaim(1));
    }

    [Fact]
    public async Task OwnStage_PreviousOwnerStillRunning_StartsTheTaskOnlyOnceItEnded()
    {
        // Before the fence a new owner restored the task's checkpoint at once, while the old engine (its revocation wait
        // ran out) still ran: both then published the same incident changes and raw alerts.
        using var broker = await KafkaMockBroker.StartAsync(("so-aiobs-repartition", 1));
        var settings = broker.Settings() with { Topics = ["so-aiobs-repartition"], GroupId = "fence" };
        var state = Path.Combine(_root, "own");
        var previous = new TaskLocks(state);
        Assert.True(previous.TryClaim(0));
        previous.Started(0);

        var log = new LockedLog();
        var sinks = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var source = OwnStage.CreateSource(settings, "so-aiobs-repartition", new InputOptions());
        var run = OwnStage.RunAsync(() => new StreamEngine(new EngineOptions { Partitions = 1 }), source, (task, resume) =>
        {
            Interlocked.Increment(ref sinks);
            return new JsonlDirectorySink(Path.Combine(_root, "out", task), resume);
        }, state, new KafkaRunOptions { CheckpointInterval = TimeSpan.FromSeconds(1) }, stop.Token, log);

        await Until(() => log.Text.Contains("waiting for the previous owner of task 0", StringComparison.Ordinal), stop.Token);
        Assert.Equal(0, Volatile.Read(ref sinks));
        Assert.DoesNotContain("running tasks [0]", log.Text, StringComparison.Ordinal);

        previous.Ended(0);
        previous.Revoked(0);
        await Until(() => Volatile.Read(ref sinks) == 1, stop.Token);
        Assert.Contains("running tasks [0]", log.Text, StringComparison.Ordinal);
        Assert.False(new TaskLocks(state).TryClaim(0)); // now this owner holds it

        await stop.CancelAsync();
        await run;
    }

    private static async Task Until(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(20, ct);
        }
    }

    /// <summary>A log written from the poll thread and the stage's loop, read by the test.</summary>
    private sealed class LockedLog : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_text)
            {
                _text.AppendLine(value);
            }
        }
    }
}
