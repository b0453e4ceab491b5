using System.Threading.Channels;

namespace AiObsStream.Pipeline.Inputs;

/// <summary>A source of event batches (a file, an HTTP scrape target, a Kafka partition set).</summary>
internal interface IInput
{
    /// <summary>A name for summaries and dead letters (path, URL, topic).</summary>
    string Name { get; }

    /// <summary>Records behind the input's end (consumer lag), -1 when the input has no such notion.</summary>
    long Lag => -1;

    /// <summary>
    /// True for live inputs (scrapes, Kafka / Event Hubs partitions): arrival time is meaningful, so ingestion silence is
    /// measured in processing time and event times far ahead of arrival are rejected. False for replayed files.
    /// </summary>
    bool IsLive => false;

    /// <summary>Reads the input, writing batches until it ends or <paramref name="cancellationToken"/> fires; completes the writer.</summary>
    Task RunAsync(ChannelWriter<InputBatch> output, CancellationToken cancellationToken);
}
