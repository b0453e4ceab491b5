using System.Threading.Channels;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Inputs;

namespace AiObsStream.Pipeline.Tests.Inputs;

/// <summary>What an input wrote to its channel, read back for assertions.</summary>
internal static class InputBatches
{
    /// <summary>Reads the channel to its end (the input has completed it): every event and every reject, in order.</summary>
    public static async Task<(List<TelemetryEvent> Events, List<DeadLetter> Rejects)> DrainAsync(ChannelReader<InputBatch> reader)
    {
        var events = new List<TelemetryEvent>();
        var rejects = new List<DeadLetter>();
        await foreach (var batch in reader.ReadAllAsync())
        {
            events.AddRange(batch.Events.Span.ToArray());
            rejects.AddRange(batch.Rejects);
        }

        return (events, rejects);
    }
}
