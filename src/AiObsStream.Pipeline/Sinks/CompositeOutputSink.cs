using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;

namespace AiObsStream.Pipeline.Sinks;

/// <summary>Writes every result to several sinks, in the order given (e.g. files and Log Analytics).</summary>
/// <remarks>Owns the sinks: <see cref="DisposeAsync"/> disposes each, in order, even if one throws.</remarks>
public sealed class CompositeOutputSink : IOutputSink
{
    private readonly IOutputSink[] _sinks;

    /// <summary>Creates the fan-out.</summary>
    public CompositeOutputSink(params IOutputSink[] sinks)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        _sinks = sinks;
    }

    /// <summary>The sinks, in order (health reporting walks them).</summary>
    public IReadOnlyList<IOutputSink> Sinks => _sinks;

    /// <inheritdoc />
    public void WriteRows(IReadOnlyList<MetricRow> rows)
    {
        foreach (var sink in _sinks)
        {
            sink.WriteRows(rows);
        }
    }

    /// <inheritdoc />
    public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
    {
        foreach (var sink in _sinks)
        {
            sink.WriteAlerts(alerts);
        }
    }

    /// <inheritdoc />
    public void WriteNotifications(IReadOnlyList<Notification> notifications)
    {
        foreach (var sink in _sinks)
        {
            sink.WriteNotifications(notifications);
        }
    }

    /// <inheritdoc />
    public void WriteIncidents(IReadOnlyList<IncidentEvent> incidents)
    {
        foreach (var sink in _sinks)
        {
            sink.WriteIncidents(incidents);
        }
    }

    /// <inheritdoc />
    public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
    {
        foreach (var sink in _sinks)
        {
            sink.WriteDeadLetters(items);
        }
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks)
        {
            await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        List<Exception>? errors = null;
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                (errors ??= []).Add(ex);
            }
        }

        if (errors is not null)
        {
            throw new AggregateException(errors);
        }
    }

    /// <inheritdoc />
    public async Task<byte[]> CheckpointAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using var w = new BinaryWriter(buffer);
        w.Write(_sinks.Length);
        foreach (var sink in _sinks)
        {
            var state = await sink.CheckpointAsync(cancellationToken).ConfigureAwait(false);
            w.Write(state.Length);
            w.Write(state);
        }

        w.Flush();
        return buffer.ToArray();
    }

    /// <inheritdoc />
    public async Task CheckpointSavedAsync(CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks)
        {
            await sink.CheckpointSavedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task RestoreAsync(byte[] state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var r = new BinaryReader(new MemoryStream(state));
        var count = state.Length == 0 ? 0 : r.ReadInt32();
        if (count != _sinks.Length)
        {
            throw new InvalidDataException($"the checkpoint was taken with {count} outputs; this run has {_sinks.Length} " +
                "(use the same --out / Kafka / Log Analytics outputs when resuming)");
        }

        foreach (var sink in _sinks)
        {
            var length = r.ReadInt32();
            await sink.RestoreAsync(r.ReadBytes(length), cancellationToken).ConfigureAwait(false);
        }
    }
}
