namespace AiObsStream.Kafka.ScaleOut;

/// <summary>
/// Fences scale-out tasks: a process runs task P only while it holds an exclusive lock on <c>ROOT/task-P.lock</c> in the
/// shared state folder, taken before the task's checkpoint is read and released only once the task's engine has ended
/// and its sinks are closed.
/// </summary>
/// <remarks>
/// <para>Why: the consumer group decides who owns a repartition partition, but it cannot tell when the previous owner has
/// actually stopped. A revocation waits a bounded time for the tasks to checkpoint; under heavy load a task can outlast
/// it, and the group then hands the partition to another process while the old engine still runs. The new owner restored
/// the checkpoint before the old one wrote its last, replayed, and both published the same incident changes and raw
/// alerts (seen: one incident <c>Updated</c> and 3 raw alerts twice). With the lock the new owner waits until the old
/// engine is done, so it restores the old owner's final checkpoint and the alert topic as the old owner left it.</para>
/// <para>The lock is the OS file lock .NET takes for <see cref="FileShare.None"/> (<c>flock</c> on Linux): the kernel
/// drops it when its process dies, so a SIGKILLed owner never blocks the group. Two opens conflict even within one
/// process, so a partition assigned back to a process whose own earlier task still runs waits for it too. On network
/// storage the lock is the file system's (NFS v4 and SMB / Azure Files lock across clients).</para>
/// <para>Thread-safe: claims and revocations come from the consumer's poll thread, task ends from the stage's loop.</para>
/// </remarks>
internal sealed class TaskLocks(string root)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Held> _held = [];

    /// <summary>Partitions whose lock this process holds now (tests).</summary>
    public IReadOnlyList<int> HeldPartitions
    {
        get
        {
            lock (_gate)
            {
                return [.. _held.Keys.Order()];
            }
        }
    }

    /// <summary>The lock file of <paramref name="partition"/>'s task.</summary>
    public string PathOf(int partition) => System.IO.Path.Combine(root, OwnStage.TaskName(partition) + ".lock");

    /// <summary>Takes the lock of <paramref name="partition"/>'s task if nobody (this process included) holds it.</summary>
    /// <returns>Whether this process holds it now (false: another engine still runs the task; try again later).</returns>
    public bool TryClaim(int partition)
    {
        lock (_gate)
        {
            if (_held.ContainsKey(partition))
            {
                return false; // this process's own previous run of the task has not ended yet
            }

            Directory.CreateDirectory(root);
            try
            {
                var file = new FileStream(PathOf(partition), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                _held[partition] = new Held(file);
                return true;
            }
            catch (IOException)
            {
                return false; // held by another process (or its open handle not yet closed)
            }
        }
    }

    /// <summary>A task of <paramref name="partition"/> starts (its lock is kept past a revocation until <see cref="Ended"/>).</summary>
    public void Started(int partition)
    {
        lock (_gate)
        {
            if (_held.TryGetValue(partition, out var held))
            {
                held.Running++;
            }
        }
    }

    /// <summary>A task of <paramref name="partition"/> ended and its sinks are closed: released if the partition was revoked meanwhile.</summary>
    public void Ended(int partition)
    {
        lock (_gate)
        {
            if (_held.TryGetValue(partition, out var held) && --held.Running <= 0 && held.Revoked)
            {
                Release(partition, held);
            }
        }
    }

    /// <summary>The partition was revoked: released now, or when its running task ends.</summary>
    public void Revoked(int partition)
    {
        lock (_gate)
        {
            if (_held.TryGetValue(partition, out var held))
            {
                if (held.Running > 0)
                {
                    held.Revoked = true;
                }
                else
                {
                    Release(partition, held);
                }
            }
        }
    }

    private void Release(int partition, Held held)
    {
        _held.Remove(partition);
        held.File.Dispose();
    }

    private sealed class Held(FileStream file)
    {
        public FileStream File { get; } = file;

        public int Running { get; set; }

        public bool Revoked { get; set; }
    }
}
