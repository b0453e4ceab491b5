using System.Globalization;
using System.Text.RegularExpressions;

namespace AiObsStream.Cli.Report;

/// <summary>
/// Lateness. Records beyond the allowed lateness are dead-lettered with reason <c>late</c>, and their message names
/// the record's event time and the watermark it missed ("event time T is too late: watermark W ..."): the report charts,
/// per minute of event time and per input, how many there were and how far behind the watermark (W − T, the largest).
/// Records late but within the allowed lateness corrected windows already written: with <c>--emit updates</c> those
/// rows come again with a higher <c>Revision</c>, counted per window as "rows corrected by late records".
/// </summary>
internal sealed partial class ReportBuilder
{
    private const long MinuteMs = 60_000;

    private long _lateRecords;
    private long _lateWithoutTimes;
    private long _correctedRows;

    private void AddLatenessRow(MetricRow row)
    {
        if (row.Revision > 0)
        {
            _correctedRows++;
            Chart($"{Ingestion}/corrected", Ingestion, "lateness", "Metric rows corrected by late records, per window (--emit updates)", "rows")
                .Line("rows corrected", Merge.Sum).Add(row.WindowStartMs, 1);
        }
    }

    /// <summary>A <c>late</c> dead letter: charted at its event time when its message names the times.</summary>
    private void AddLateDeadLetter(string input, string message)
    {
        _lateRecords++;
        var m = LateMessage().Match(message);
        if (!m.Success
            || !DateTimeOffset.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var eventTime)
            || !DateTimeOffset.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var watermark))
        {
            _lateWithoutTimes++;
            return;
        }

        var t = eventTime.ToUnixTimeMilliseconds();
        var minute = t - (((t % MinuteMs) + MinuteMs) % MinuteMs);
        var name = input.Length > 0 ? InputName(input) : "(unknown input)";
        Chart($"{Ingestion}/late-count", Ingestion, "lateness", "Records dropped as late (beyond the allowed lateness) per minute of event time", "records")
            .Line(name, Merge.Sum).Add(minute, 1);
        Chart($"{Ingestion}/late-by", Ingestion, "lateness", "How late: watermark minus event time of records dropped as late (largest per minute)", "s")
            .Line(name, Merge.Max).Add(minute, (watermark - eventTime).TotalSeconds);
    }

    private void FinishLateness()
    {
        if (_lateRecords == 0 && _correctedRows == 0)
        {
            Note(Ingestion, "No late data: no record was dropped as late (deadletter.jsonl reason late) and no metric row was corrected by a late record: no lateness charts.");
            return;
        }

        if (_lateWithoutTimes > 0)
        {
            Note(Ingestion, $"{_lateWithoutTimes:N0} of {_lateRecords:N0} late dead letters do not name their event time and watermark: counted in the table, not charted.");
        }
    }

    [GeneratedRegex(@"^event time (\S+) is too late: watermark (\S+) ", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LateMessage();
}
