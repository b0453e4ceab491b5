using System.Globalization;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Pipeline.Engine;

/// <content>The cardinality budget (<see cref="EngineOptions.MaxActiveSeries"/>), applied as records are admitted.</content>
/// <remarks>
/// Here rather than in the partitions: the sequencer sees every record once, in the deterministic event order, before
/// any operator creates state for it, so the records refused depend only on the input (not on the partition count or
/// thread timing) and a refused record creates no state anywhere downstream. See <see cref="SeriesBudget"/>.
/// </remarks>
internal sealed partial class Sequencer
{
    private SeriesBudget? _budget;

    /// <summary>The budget (created on first use).</summary>
    internal SeriesBudget Budget => _budget ??= new SeriesBudget(_options.MaxActiveSeries, _time);

    /// <summary>Series holding state now, read from any thread (metrics); 0 before the first record.</summary>
    internal int ActiveSeries => Volatile.Read(ref _budget)?.ActiveSeries ?? 0;

    /// <summary>True when <paramref name="e"/> fits the budget; otherwise dead-letters and counts it for its input.</summary>
    private bool WithinBudget(int input, in TelemetryEvent e, long watermark, ref List<DeadLetter>? dead)
    {
        if (Budget.TryAdmit(in e, watermark))
        {
            return true;
        }

        var message = string.Create(CultureInfo.InvariantCulture,
            $"series budget exhausted: {Budget.MaxActiveSeries} active series already hold state and this record would open a new one (limit limits.maxActiveSeries / --max-series)");
        (dead ??= []).Add(Letter(Stats[input].Name, in e, RejectReason.SeriesBudget, message));
        Stats[input].RejectedByReason[(int)RejectReason.SeriesBudget]++;
        _ingest.Rejected(input, 1);
        return false;
    }
}
