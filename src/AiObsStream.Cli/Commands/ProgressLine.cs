using System.Diagnostics;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Cli.Commands;

/// <summary>A one-line progress display on stderr while replaying (records, rate, watermark).</summary>
internal sealed class ProgressLine : IDisposable
{
    private readonly StreamEngine _engine;
    private readonly Timer _timer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _disposed;

    public ProgressLine(StreamEngine engine)
    {
        _engine = engine;
        _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
    }

    private void Draw()
    {
        if (_engine.Progress is not { } inputs || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        long events = 0;
        long rejected = 0;
        foreach (var i in inputs)
        {
            events += i.Events;
            rejected += i.RejectedByReason.Sum();
        }

        var rate = events / Math.Max(0.001, _clock.Elapsed.TotalSeconds);
        Console.Error.Write($"\r  replaying: {events:N0} records, {rejected:N0} rejected, {rate:N0} records/s   ");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _timer.Dispose();
            Console.Error.Write("\r" + new string(' ', 79) + "\r");
        }
    }
}
