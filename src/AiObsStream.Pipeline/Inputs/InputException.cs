namespace AiObsStream.Pipeline.Inputs;

/// <summary>An input that could not be read to its end (missing file, permission denied, corrupt gzip stream, a parser fault).</summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InputException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception for an input that stopped part-way.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="position">The unit (line) being read when it failed; 0 when nothing was read.</param>
    /// <param name="unitsNotRead">Units after it that were not read; -1 when unknown.</param>
    /// <param name="inner">The cause.</param>
    public InputException(string message, long position, long unitsNotRead, Exception? inner = null)
        : base(message, inner)
    {
        Position = position;
        UnitsNotRead = unitsNotRead;
    }

    /// <summary>The unit (line) being read when it failed; 0 when nothing was read.</summary>
    public long Position { get; }

    /// <summary>Units that were not read because of the failure (the failing one included); -1 when unknown.</summary>
    public long UnitsNotRead { get; } = -1;
}
