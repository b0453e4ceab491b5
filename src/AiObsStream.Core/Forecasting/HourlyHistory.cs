namespace AiObsStream.Core.Forecasting;

/// <summary>
/// The bounded hourly history of one forecast series: (hour, value) pairs, oldest first, at most
/// <see cref="MaxHours"/> hours back from the newest (missing hours are gaps, not zeros).
/// </summary>
/// <remarks>Bad points are refused with a reason, never stored: a NaN, an infinity or a negative value, or an hour
/// not after the newest. Not thread-safe.</remarks>
public sealed class HourlyHistory
{
    // Two arrays and a count, not two lists: the list objects were 64 B of every forecast series, most of which hold a few
    // hours (#12, memory per request series).
    private long[] _hours = [];
    private double[] _values = [];
    private int _count;

    /// <summary>Creates an empty history keeping <paramref name="maxHours"/> hours.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxHours"/> is below 24.</exception>
    public HourlyHistory(int maxHours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHours, 24);
        MaxHours = maxHours;
    }

    /// <summary>How many hours back from the newest are kept.</summary>
    public int MaxHours { get; }

    /// <summary>Points held.</summary>
    public int Count => _count;

    /// <summary>The newest hour (long.MinValue when empty).</summary>
    public long LastHour => _count > 0 ? _hours[_count - 1] : long.MinValue;

    /// <summary>The hours held, oldest first.</summary>
    public ReadOnlySpan<long> Hours => _hours.AsSpan(0, _count);

    /// <summary>The values held, in the order of <see cref="Hours"/>.</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, _count);

    /// <summary>Adds the value of <paramref name="hour"/>, dropping what falls out of the kept span.</summary>
    /// <returns>Null when added, else why it was refused.</returns>
    public string? TryAdd(long hour, double value)
    {
        if (!double.IsFinite(value))
        {
            return $"value {value} at hour {hour} is not a finite number";
        }

        if (value < 0)
        {
            return $"value {value} at hour {hour} is negative (loads and utilization are >= 0)";
        }

        if (_count > 0 && hour <= _hours[_count - 1])
        {
            return $"hour {hour} is not after the newest hour {_hours[_count - 1]}";
        }

        if (_count == _hours.Length)
        {
            var size = Math.Max(4, _count * 2);
            Array.Resize(ref _hours, size);
            Array.Resize(ref _values, size);
        }

        _hours[_count] = hour;
        _values[_count] = value;
        _count++;
        var drop = 0;
        while (drop < _count && _hours[drop] <= hour - MaxHours)
        {
            drop++;
        }

        if (drop > 0)
        {
            _count -= drop;
            Array.Copy(_hours, drop, _hours, 0, _count);
            Array.Copy(_values, drop, _values, 0, _count);
        }

        return null;
    }

    /// <summary>Writes the points.</summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write(_count);
        for (var i = 0; i < _count; i++)
        {
            writer.Write(_hours[i]);
            writer.Write(_values[i]);
        }
    }

    /// <summary>Reads points written by <see cref="Write"/>, refusing what <see cref="TryAdd"/> would refuse.</summary>
    /// <exception cref="InvalidDataException">A point is invalid or the count is out of range.</exception>
    internal void Read(BinaryReader reader)
    {
        var n = reader.ReadInt32();
        if (n < 0 || n > (1 << 20))
        {
            throw new InvalidDataException($"forecast checkpoint: {n} hourly points");
        }

        for (var i = 0; i < n; i++)
        {
            var hour = reader.ReadInt64();
            if (TryAdd(hour, reader.ReadDouble()) is { } reason)
            {
                throw new InvalidDataException("forecast checkpoint: " + reason);
            }
        }
    }
}
