namespace AiObsStream.Pipeline.Inputs;

/// <summary>An input that cannot be read at all (missing file, permission denied, corrupt gzip stream).</summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InputException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
