namespace AiObsStream.Cli.ConsoleView;

/// <summary>How the live view writes.</summary>
internal enum LiveConsoleMode
{
    /// <summary>One line redrawn in place (carriage return) a few times a second, fitted to the terminal's width.</summary>
    Terminal,

    /// <summary>A full line now and then (CI logs, pipes): no carriage returns, nothing overwritten.</summary>
    Lines,
}

/// <summary>
/// The live view of a run on stderr: every tick it takes a <see cref="ProgressSnapshot"/>, updates the rates and writes
/// one line, in place on a terminal or as a plain line otherwise. The ticks come from a <see cref="TimeProvider"/> timer,
/// so tests drive it with a fake clock.
/// </summary>
/// <remarks>
/// A tick runs on the timer's thread while the run goes on; the lock keeps a tick and <see cref="Dispose"/> apart, so the
/// line is erased after the last draw and nothing is drawn once the summary may be printing.
/// </remarks>
internal sealed class LiveConsole : IDisposable
{
    /// <summary>How often a terminal line is redrawn.</summary>
    public static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a plain line is written: often enough to see a run move, rarely enough for a CI log.</summary>
    public static readonly TimeSpan LinesInterval = TimeSpan.FromSeconds(10);

    private readonly Func<ProgressSnapshot?> _source;
    private readonly TextWriter _writer;
    private readonly LiveConsoleMode _mode;
    private readonly Func<int> _width;
    private readonly TimeProvider _clock;
    private readonly long _started;
    private readonly RateMeter _rates = new(TimeSpan.FromSeconds(5));
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private int _drawn; // characters of the line on screen (terminal mode)
    private bool _disposed;

    /// <summary>Starts the view; the first line comes after one interval, so a short run writes nothing.</summary>
    /// <param name="source">The current counters; null while the run has not started.</param>
    /// <param name="writer">Where the view goes (stderr).</param>
    /// <param name="mode">In place or plain lines.</param>
    /// <param name="width">The terminal's width now (it may change while running).</param>
    /// <param name="clock">Time and the timer.</param>
    /// <param name="interval">The tick; null for the mode's default.</param>
    public LiveConsole(Func<ProgressSnapshot?> source, TextWriter writer, LiveConsoleMode mode, Func<int> width, TimeProvider clock, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(width);
        ArgumentNullException.ThrowIfNull(clock);
        _source = source;
        _writer = writer;
        _mode = mode;
        _width = width;
        _clock = clock;
        _started = clock.GetTimestamp();
        var every = interval ?? (mode == LiveConsoleMode.Terminal ? TerminalInterval : LinesInterval);
        _timer = clock.CreateTimer(_ => Tick(), null, every, every);
    }

    /// <summary>Takes a snapshot and writes it (the timer calls this; tests may too).</summary>
    public void Tick()
    {
        lock (_gate)
        {
            if (_disposed || _source() is not { } snapshot)
            {
                return;
            }

            var elapsed = _clock.GetElapsedTime(_started);
            _rates.Add(elapsed, snapshot.FileBytes, snapshot.Records);
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            if (_mode == LiveConsoleMode.Lines)
            {
                _writer.WriteLine(ProgressRenderer.LogLine(snapshot, _rates, elapsed, now));
                _writer.Flush();
                return;
            }

            var width = _width();
            var line = ProgressRenderer.TerminalLine(snapshot, _rates, now, width > 0 ? width : 80);
            // Overwrite the previous line completely: pad with spaces where it was longer.
            _writer.Write("\r" + line.PadRight(_drawn));
            _writer.Flush();
            _drawn = line.Length;
        }
    }

    /// <summary>Stops the view and erases the terminal line, so the summary starts on a clean line.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            if (_mode == LiveConsoleMode.Terminal && _drawn > 0)
            {
                _writer.Write("\r" + new string(' ', _drawn) + "\r");
                _writer.Flush();
            }
        }
    }
}
