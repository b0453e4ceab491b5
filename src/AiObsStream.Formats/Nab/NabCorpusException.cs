namespace AiObsStream.Formats.Nab;

/// <summary>A NAB corpus folder cannot be used: a file is missing or invalid (the message names the file and the spot).</summary>
public sealed class NabCorpusException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NabCorpusException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, and in which file.</param>
    public NabCorpusException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying error.</summary>
    /// <param name="message">What is wrong, and in which file.</param>
    /// <param name="innerException">The underlying error.</param>
    public NabCorpusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
