using AiObsStream.Cli.ConsoleView;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// The live view of <c>aiobs run</c> on stderr (<see cref="LiveConsole"/>): redrawn in place on a terminal, plain lines
/// every few seconds when stderr is redirected (CI, pipes). Not created with <c>-q</c>.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    private readonly LiveConsole _view;

    public ProgressLine(StreamEngine engine)
    {
        var progress = new EngineProgress(engine);
        _view = new LiveConsole(progress.Snapshot, Console.Error,
            Console.IsErrorRedirected ? LiveConsoleMode.Lines : LiveConsoleMode.Terminal, TerminalWidth, TimeProvider.System);
    }

    public void Dispose() => _view.Dispose();

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (Exception ex) when (ex is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return 80; // no terminal size to read: the classic width
        }
    }
}
