namespace AiObsStream.Pipeline.Diagnostics;

/// <summary>A sink that reports its delivery health (read from any thread, at scrape time).</summary>
public interface ISinkHealth
{
    /// <summary>The sink's kind as the <c>aiobs.sink</c> metric label shows it (<c>webhook</c>, <c>log_analytics</c>, <c>kafka</c>).</summary>
    string SinkName { get; }

    /// <summary>A consistent-enough snapshot (each counter read atomically; the set is not one transaction).</summary>
    SinkHealth Health { get; }
}
