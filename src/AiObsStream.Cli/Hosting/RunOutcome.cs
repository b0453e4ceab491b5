namespace AiObsStream.Cli.Hosting;

/// <summary>The exit code the long-running mode ended with, read by the handler once the host has stopped.</summary>
internal sealed class RunOutcome
{
    /// <summary>Exit code for a fatal runtime error.</summary>
    public const int Fatal = 2;

    private int _exitCode = Fatal;

    /// <summary>The exit code; <see cref="Fatal"/> until the run has returned one (a host that stops before it ran did not succeed).</summary>
    public int ExitCode
    {
        get => Volatile.Read(ref _exitCode);
        set => Volatile.Write(ref _exitCode, value);
    }
}
