namespace AiObsStream.Kafka.ScaleOut;

/// <summary>
/// Stage 1's idle timeout: a source partition that has reached its end and received nothing for
/// <see cref="Timeout"/> (processing time) is announced idle once, so it stops holding back the watermark of every
/// owner; its next message makes it active again.
/// </summary>
/// <remarks>
/// Why idleness and not a watermark advanced to the wall clock: with a backlog (a replay, a consumer catching up),
/// event time runs far behind processing time, and a partition that jumped to "now" would make every record still
/// queued in the other partitions late. An idle source is left out of the minimum instead (as Flink's source
/// idleness), which never closes a window that a partition still being read can add to. Single-threaded.
/// </remarks>
internal sealed class IdleSources(TimeProvider clock, TimeSpan timeout)
{
    private readonly Dictionary<string, State> _sources = new(StringComparer.Ordinal);
    private volatile bool _allAnnounced = true;

    /// <summary>Quiet time after which a caught-up source is announced idle.</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Whether every source is announced idle (or there is none), as of the last <see cref="Due"/>; any thread may read it.</summary>
    public bool AllAnnounced => _allAnnounced;

    /// <summary>A source is now read by this member (it counts as active until proven quiet).</summary>
    public void Assigned(string source)
    {
        _sources[source] = new State { LastMessage = clock.GetTimestamp() };
        _allAnnounced = false;
    }

    /// <summary>A source was taken away.</summary>
    public void Revoked(string source) => _sources.Remove(source);

    /// <summary>A message was read from <paramref name="source"/>.</summary>
    public void Message(string source)
    {
        var s = Get(source);
        s.LastMessage = clock.GetTimestamp();
        s.AtEnd = false;
        s.Announced = false;
        _allAnnounced = false;
    }

    /// <summary><paramref name="source"/> reached its end (nothing more to read for now).</summary>
    public void AtEnd(string source) => Get(source).AtEnd = true;

    /// <summary>The sources to announce idle now (each once until its next message).</summary>
    public List<string> Due()
    {
        List<string> due = [];
        foreach (var (name, s) in _sources)
        {
            if (s.AtEnd && !s.Announced && clock.GetElapsedTime(s.LastMessage) >= Timeout)
            {
                s.Announced = true;
                due.Add(name);
            }
        }

        due.Sort(StringComparer.Ordinal);
        _allAnnounced = _sources.Values.All(s => s.Announced);
        return due;
    }

    private State Get(string source)
    {
        if (!_sources.TryGetValue(source, out var s))
        {
            _sources[source] = s = new State { LastMessage = clock.GetTimestamp() };
        }

        return s;
    }

    private sealed class State
    {
        public long LastMessage { get; set; }

        public bool AtEnd { get; set; }

        public bool Announced { get; set; }
    }
}
