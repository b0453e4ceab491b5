using System.Text;

namespace AiObsStream.TestKit.Fuzz;

// CA1822: these mutations make no random choice, but stay instance methods so that every mutation is called the same
// way, on the one seeded mutator of a case (callers switch between recipes without caring which ones draw numbers).
#pragma warning disable CA1822

/// <summary>Mutations of one Prometheus / OpenMetrics sample line: <c>name{labels} value [timestamp]</c>.</summary>
public sealed partial class Mutator
{
    /// <summary>Replaces the sample value by <paramref name="valueText"/>.</summary>
    public Mutation? SampleValue(byte[] line, string valueText, MutationKind kind)
    {
        if (SampleTokens(line) is not { } t)
        {
            return null;
        }

        var text = Encoding.UTF8.GetBytes(valueText);
        var shown = valueText.Length > 40 ? valueText[..20] + "…" : valueText;
        return new Mutation(kind, "value", $"{Encoding.UTF8.GetString(line, t.ValueStart, t.ValueEnd - t.ValueStart)} → {shown}",
            t.ValueStart, Splice(line, t.ValueStart, t.ValueEnd, text));
    }

    /// <summary>Removes the timestamp (and its separating space); null when the line has none.</summary>
    public Mutation? RemoveTimestamp(byte[] line)
    {
        if (SampleTokens(line) is not { TimeStart: > 0 } t)
        {
            return null;
        }

        return new Mutation(MutationKind.RemoveField, "timestamp", "timestamp cut off", t.ValueEnd, line[..t.ValueEnd]);
    }

    /// <summary>Cuts the timestamp after a random number of its digits (at least one kept, at least one dropped).</summary>
    public Mutation? TruncateTimestamp(byte[] line)
    {
        if (SampleTokens(line) is not { TimeStart: > 0 } t || line.Length - t.TimeStart < 2)
        {
            return null;
        }

        var keep = t.TimeStart + 1 + _random.Next(line.Length - t.TimeStart - 1);
        return new Mutation(MutationKind.Truncate, "timestamp", $"timestamp cut to {keep - t.TimeStart} digits", keep, line[..keep]);
    }

    /// <summary>Writes label <paramref name="label"/> twice in the label set (same value).</summary>
    public Mutation? DuplicateLabel(byte[] line, string label)
    {
        if (LabelSpan(line, label) is not { } l)
        {
            return null;
        }

        var copy = new byte[l.End - l.Start + 1];
        line.AsSpan(l.Start, l.End - l.Start).CopyTo(copy);
        copy[^1] = (byte)',';
        return new Mutation(MutationKind.DuplicateField, label, "label written twice", l.Start, Splice(line, l.Start, l.Start, copy));
    }

    /// <summary>Removes label <paramref name="label"/> (and a separating comma).</summary>
    public Mutation? RemoveLabel(byte[] line, string label)
    {
        if (LabelSpan(line, label) is not { } l)
        {
            return null;
        }

        var end = l.End < line.Length && line[l.End] == (byte)',' ? l.End + 1 : l.End;
        var start = end == l.End && l.Start > 0 && line[l.Start - 1] == (byte)',' ? l.Start - 1 : l.Start;
        return new Mutation(MutationKind.RemoveField, label, "label removed", l.Start, Splice(line, start, end, []));
    }

    /// <summary>Inserts <paramref name="bytes"/> inside the value of label <paramref name="label"/>.</summary>
    public Mutation? InsertIntoLabel(byte[] line, string label, byte[] bytes, MutationKind kind)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (LabelSpan(line, label) is not { } l)
        {
            return null;
        }

        var at = l.ValueStart + _random.Next(Math.Max(1, l.End - 1 - l.ValueStart));
        return new Mutation(kind, label, Convert.ToHexString(bytes) + " inserted in the label value", at, Splice(line, at, at, bytes));
    }

    /// <summary>Replaces the value of label <paramref name="label"/> by <paramref name="length"/> ASCII letters.</summary>
    public Mutation? HugeLabel(byte[] line, string label, int length)
    {
        if (LabelSpan(line, label) is not { } l)
        {
            return null;
        }

        var value = new byte[length];
        value.AsSpan().Fill((byte)'x');
        return new Mutation(MutationKind.HugeString, label, $"label value → {length}-byte string", l.ValueStart,
            Splice(line, l.ValueStart, l.End - 1, value));
    }

    /// <summary>The value and timestamp extents of a sample line (TimeStart 0 when there is no timestamp).</summary>
    private static (int ValueStart, int ValueEnd, int TimeStart)? SampleTokens(byte[] line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var close = line.AsSpan().LastIndexOf((byte)'}');
        var from = close >= 0 ? close + 1 : line.AsSpan().IndexOf((byte)' ');
        if (from < 0 || from >= line.Length || line[0] == (byte)'#')
        {
            return null;
        }

        var valueStart = from;
        while (valueStart < line.Length && line[valueStart] == (byte)' ')
        {
            valueStart++;
        }

        var valueEnd = line.AsSpan(valueStart).IndexOf((byte)' ');
        if (valueEnd < 0)
        {
            return (valueStart, line.Length, 0);
        }

        valueEnd += valueStart;
        return (valueStart, valueEnd, valueEnd + 1);
    }

    /// <summary>Where <c>label="value"</c> lies: its first byte, the value's first byte, and just past the closing quote.</summary>
    private static (int Start, int ValueStart, int End)? LabelSpan(byte[] line, string label)
    {
        ArgumentNullException.ThrowIfNull(line);
        var pattern = Encoding.UTF8.GetBytes(label + "=\"");
        var span = line.AsSpan();
        for (var from = 0; from < span.Length;)
        {
            var hit = span[from..].IndexOf(pattern);
            if (hit < 0)
            {
                return null;
            }

            var start = from + hit;
            from = start + 1;
            if (start == 0 || span[start - 1] is not ((byte)'{' or (byte)','))
            {
                continue;
            }

            var valueStart = start + pattern.Length;
            for (var i = valueStart; i < span.Length; i++)
            {
                if (span[i] == (byte)'\\')
                {
                    i++;
                }
                else if (span[i] == (byte)'"')
                {
                    return (start, valueStart, i + 1);
                }
            }

            return null;
        }

        return null;
    }
}
