using System.Threading.Channels;
using AiObsStream.Pipeline.Inputs;

namespace AiObsStream.Pipeline.Tests.Checkpoints;

/// <summary>
/// A live input over in-memory messages with offsets, like one Kafka partition: batches of parsed messages carry their
/// end offset, the end of the data is announced with an idle marker, and the input then stays open until the run ends.
/// </summary>
internal sealed class ReplayMessagesInput : IInput
{
    private readonly IReadOnlyList<byte[]> _messages;
    private readonly long _start;
    private readonly InputOptions _options;
    private readonly Action<int>? _afterBatch;

    public ReplayMessagesInput(string name, IReadOnlyList<byte[]> messages, long start, InputOptions options, Action<int>? afterBatch = null)
    {
        Name = name;
        _messages = messages;
        _start = start;
        _options = options;
        _afterBatch = afterBatch;
    }

    public string Name { get; }

    public long Lag => -1;

    public bool IsLive => true;

    public async Task RunAsync(ChannelWriter<InputBatch> output, CancellationToken cancellationToken)
    {
        using var router = new UnitRouter(_options);
        var builder = new BatchBuilder(Name, _options);
        var batches = 0;
        try
        {
            for (var offset = _start; offset < _messages.Count; offset++)
            {
                router.Accept(builder, _messages[(int)offset], offset);
                builder.Current.EndOffset = offset + 1;
                if (builder.IsFull)
                {
                    await output.WriteAsync(builder.Take(), cancellationToken);
                    _afterBatch?.Invoke(++batches);
                }
            }

            if (builder.HasContent)
            {
                await output.WriteAsync(builder.Take(), cancellationToken);
            }

            await output.WriteAsync(new InputBatch { Events = new Core.Events.EventBuffer(1), Idle = true }, cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }
        catch (ChannelClosedException)
        {
            // the run ended
        }

        output.TryComplete();
    }
}
