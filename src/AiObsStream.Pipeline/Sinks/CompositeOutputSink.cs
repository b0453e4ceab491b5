using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
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
}
