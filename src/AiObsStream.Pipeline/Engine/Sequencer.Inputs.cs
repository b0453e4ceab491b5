using System.Threading.Channels;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Inputs;

namespace AiObsStream.Pipeline.Engine;

/// <content>Choosing the next input: the active one furthest behind in event time, idle inputs and waiting.</content>
internal sealed partial class Sequencer
{
    private int CountActive()
    {
        var active = 0;
        for (var i = 0; i < _inputs.Count; i++)
        {
            active += _tracker.IsFinished(i) ? 0 : 1;
        }

        return active;
    }

    /// <summary>
    /// The input to read next: the active input furthest behind in event time (ties: lowest index). Idle inputs are
    /// skipped until they have data again (then they are active); -1 when every unfinished input is idle.
    /// </summary>
    private int PickInput()
    {
        var best = -1;
        for (var i = 0; i < _inputs.Count; i++)
        {
            if (_tracker.IsFinished(i))
            {
                continue;
            }

            if (_tracker.IsIdle(i))
            {
                if (!WakesUp(i))
                {
                    continue;
                }

                _tracker.SetIdle(i, false);
            }

            if (best < 0 || _tracker.MaxTimeOf(i) < _tracker.MaxTimeOf(best))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Whether idle input <paramref name="i"/> has something new (further idle markers are dropped).</summary>
    private bool WakesUp(int i)
    {
        var reader = _inputs[i];
        while (reader.TryPeek(out var next))
        {
            if (!next.Idle)
            {
                return true;
            }

            reader.TryRead(out _);
            next.Events.Dispose();
        }

        return reader.Completion.IsCompleted; // an ended input is read once more to see its end
    }

    private async Task WaitForAnyAsync(CancellationToken ct)
    {
        var waits = new List<Task>(_inputs.Count + 2) { Task.Delay(IdlePoll, ct) };
        if (_control is not null)
        {
            waits.Add(_control.Wake);
        }

        for (var i = 0; i < _inputs.Count; i++)
        {
            if (!_tracker.IsFinished(i))
            {
                waits.Add(_inputs[i].WaitToReadAsync(ct).AsTask());
            }
        }

        await Task.WhenAny(waits).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }

    private async Task<(InputBatch? Batch, bool Woken)> NextBatchAsync(int i, CancellationToken ct)
    {
        var reader = _inputs[i];
        try
        {
            while (true)
            {
                if (reader.TryRead(out var batch))
                {
                    return (batch, false);
                }

                var waiting = reader.WaitToReadAsync(ct).AsTask();
                if (!waiting.IsCompleted && _control is not null)
                {
                    var wake = _control.Wake;
                    if (await Task.WhenAny(waiting, wake).ConfigureAwait(false) == wake && !waiting.IsCompleted)
                    {
                        return (null, true); // a checkpoint or stop request: handle it, then come back
                    }
                }

                if (!await waiting.ConfigureAwait(false))
                {
                    return (null, false);
                }
            }
        }
        catch (Exception ex) when (ex is InputException or ChannelClosedException)
        {
            // An unreadable input is reported and dropped; the run goes on with the others (and exits non-zero).
            var s = Stats[i];
            s.Failure = ex.Message;
            if (ex is InputException input)
            {
                s.FailedAt = input.Position;
                s.UnitsNotRead = input.UnitsNotRead;
            }

            var lost = s.UnitsNotRead >= 0 ? $"; {s.UnitsNotRead} units from position {s.FailedAt} on were not read" : string.Empty;
            await _output.WriteAsync(new DeadLetters([new DeadLetter(s.Name, s.FailedAt, RejectReason.Malformed,
                "input could not be read to its end: " + ex.Message + lost, -1, string.Empty, 0)]), ct).ConfigureAwait(false);
            Stats[i].RejectedByReason[(int)RejectReason.Malformed]++;
            return (null, false);
        }
    }
}
