using AiObsStream.Cli.ConsoleView;
using Microsoft.Extensions.Time.Testing;

namespace AiObsStream.Cli.Tests.ConsoleView;

/// <summary>The live view on a fake clock and a fake writer: refresh, in-place redraw, plain lines, quiet start, erase.</summary>
public class LiveConsoleTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000));
    private long _read;

    private ProgressSnapshot? Snapshot() =>
        new([new InputProgress("/data/a.jsonl", false, _read, 1_000_000, _read / 100, 0, -1, false)], 0, null);

    [Fact]
    public void Terminal_RedrawsInPlaceEveryQuarterSecond_AndErasesOnDispose()
    {
        using var writer = new StringWriter();
        var view = new LiveConsole(Snapshot, writer, LiveConsoleMode.Terminal, () => 120, _clock);

        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(string.Empty, writer.ToString()); // a run shorter than one tick writes nothing

        for (var i = 1; i <= 8; i++)
        {
            _read = i * 50_000;
            _clock.Advance(LiveConsole.TerminalInterval);
        }

        var text = writer.ToString();
        Assert.DoesNotContain('\n', text);
        var frames = text.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, frames.Length);
        Assert.StartsWith("  40% of 1.0 MB | 200.0 kB/s, ETA 0:03 | 4,000 records, 2,000/s", frames[^1], StringComparison.Ordinal);

        view.Dispose();
        var erase = writer.ToString()[text.Length..];
        Assert.Equal("\r" + new string(' ', frames[^1].TrimEnd().Length) + "\r", erase);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(text.Length + erase.Length, writer.ToString().Length); // nothing after dispose
    }

    [Fact]
    public void Terminal_ShorterLine_PadsOverThePreviousOne()
    {
        using var writer = new StringWriter();
        var wide = 200;
        using var view = new LiveConsole(Snapshot, writer, LiveConsoleMode.Terminal, () => wide, _clock);
        _read = 500_000;
        _clock.Advance(LiveConsole.TerminalInterval);
        var first = writer.ToString().Length - 1;
        wide = 30;
        _clock.Advance(LiveConsole.TerminalInterval);

        var last = writer.ToString().Split('\r')[^1];
        Assert.Equal(first, last.Length);
        Assert.True(last.TrimEnd().Length <= 29);
    }

    [Fact]
    public void Lines_WhenNotATerminal_OneFullLineEveryTenSeconds()
    {
        using var writer = new StringWriter();
        using (new LiveConsole(Snapshot, writer, LiveConsoleMode.Lines, () => throw new InvalidOperationException("no terminal"), _clock))
        {
            for (var s = 1; s <= 35; s++)
            {
                _read = s * 10_000;
                _clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain('\r', writer.ToString());
        Assert.Equal(["aiobs run 0:10", "aiobs run 0:20", "aiobs run 0:30"], lines.Select(l => l[..14]));
        Assert.Equal("aiobs run 0:30 | 30% of 1.0 MB | 10.0 kB/s, ETA 1:10 | 3,000 records, 100/s | 0 open incidents", lines[^1]);
    }

    [Fact]
    public void NoSnapshotYet_WritesNothing()
    {
        using var writer = new StringWriter();
        using (new LiveConsole(() => null, writer, LiveConsoleMode.Terminal, () => 80, _clock))
        {
            _clock.Advance(TimeSpan.FromSeconds(3));
        }

        Assert.Equal(string.Empty, writer.ToString());
    }
}
