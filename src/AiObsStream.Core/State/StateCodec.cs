using System.Buffers;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Sketches;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.State;

/// <summary>Exact binary forms of the values that component states hold: rows, alert events, rollouts, sketches, names.</summary>
internal static class StateCodec
{
    /// <summary>The interned constants (metric names, dcgm fields) restored strings map back to.</summary>
    private static readonly Dictionary<string, string> KnownNames = BuildKnownNames();

    /// <summary>Scratch for sketch bytes, reused across sketches of one save (a checkpoint holds tens of thousands).</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_sketchBuffer;

    /// <summary>
    /// The canonical instance of a restored name: the <see cref="MetricNames"/> / <see cref="DcgmFields"/> constant when
    /// equal (some code compares those by reference first), else the intern-pool string, else the string itself.
    /// </summary>
    public static string Canonical(string value) =>
        KnownNames.TryGetValue(value, out var known) ? known : string.IsInterned(value) ?? value;

    public static void WriteSketch(BinaryWriter writer, DDSketch? sketch)
    {
        writer.Write(sketch is not null);
        if (sketch is null)
        {
            return;
        }

        var buffer = t_sketchBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        sketch.WriteTo(buffer);
        writer.Write(buffer.WrittenCount);
        writer.Write(buffer.WrittenSpan);
    }

    public static DDSketch? ReadSketch(BinaryReader reader)
    {
        if (!reader.ReadBoolean())
        {
            return null;
        }

        var length = StateFrame.ReadCount(reader, "sketch bytes", 1 << 24);
        var bytes = reader.ReadBytes(length);
        StateFrame.Check(bytes.Length == length, "sketch truncated");
        ReadOnlySpan<byte> span = bytes;
        if (!DDSketch.TryReadFrom(ref span, out var sketch, out var error))
        {
            throw new InvalidDataException(error);
        }

        StateFrame.Check(span.IsEmpty, "sketch has trailing bytes");
        return sketch;
    }

    public static void WriteRow(BinaryWriter writer, MetricRow row)
    {
        writer.Write(row.WindowStartMs);
        writer.Write(row.WindowEndMs);
        writer.Write(row.Metric);
        StateIo.WriteDims(writer, row.Dims);
        writer.Write(row.ModelVersion);
        writer.Write(row.Count);
        writer.Write(row.Sum);
        writer.Write(row.Min);
        writer.Write(row.Max);
        writer.Write(row.Mean);
        writer.Write(row.P50);
        writer.Write(row.P90);
        writer.Write(row.P95);
        writer.Write(row.P99);
        writer.Write(row.Rate);
        writer.Write(row.Share);
        writer.Write(row.Revision);
        // A final row that is also the on-time one (MetricRow.AlsoOnTime) is kept only by readers of on-time rows (a rule's
        // last row): saved as the on-time row it stands for, the bytes of the two-row emission.
        writer.Write((byte)(row.AlsoOnTime ? RowKind.OnTime : row.Kind));
        WriteSketch(writer, row.Sketch);
    }

    public static MetricRow ReadRow(BinaryReader reader) => new()
    {
        WindowStartMs = reader.ReadInt64(),
        WindowEndMs = reader.ReadInt64(),
        Metric = Canonical(reader.ReadString()),
        Dims = StateIo.ReadDims(reader) ?? throw new InvalidDataException("row without dimensions"),
        ModelVersion = Canonical(reader.ReadString()),
        Count = reader.ReadInt64(),
        Sum = reader.ReadDouble(),
        Min = reader.ReadDouble(),
        Max = reader.ReadDouble(),
        Mean = reader.ReadDouble(),
        P50 = reader.ReadDouble(),
        P90 = reader.ReadDouble(),
        P95 = reader.ReadDouble(),
        P99 = reader.ReadDouble(),
        Rate = reader.ReadDouble(),
        Share = reader.ReadDouble(),
        Revision = reader.ReadInt32(),
        Kind = ReadEnum<RowKind>(reader.ReadByte()),
        Sketch = ReadSketch(reader),
    };

    public static void WriteNullableRow(BinaryWriter writer, MetricRow? row)
    {
        writer.Write(row is not null);
        if (row is not null)
        {
            WriteRow(writer, row);
        }
    }

    public static MetricRow? ReadNullableRow(BinaryReader reader) => reader.ReadBoolean() ? ReadRow(reader) : null;

    public static void WriteAlert(BinaryWriter writer, AlertEvent a)
    {
        writer.Write(a.AlertId);
        writer.Write(a.Rule);
        writer.Write((int)a.Severity);
        writer.Write((int)a.Status);
        writer.Write(a.TimeGeneratedMs);
        writer.Write(a.StartsAtMs);
        WriteNullableLong(writer, a.EndsAtMs);
        writer.Write(a.Value);
        writer.Write(a.Threshold);
        writer.Write(a.Metric);
        writer.Write((int)a.Statistic);
        // OtherDims rides in the Source slot after a NUL (a source name never holds one), so alerts of series without
        // other dimensions are written exactly as before the field existed and older checkpoints read unchanged.
        var source = a.OtherDims.Length == 0 ? a.Source : a.Source + "\0" + a.OtherDims;
        foreach (var s in (ReadOnlySpan<string>)[source, a.Deployment, a.ModelName, a.ModelVersion, a.Operation, a.Host, a.Gpu])
        {
            writer.Write(s);
        }

        writer.Write(a.Score);
        writer.Write(a.ExpectedValue);
        writer.Write(a.LowerBound);
        writer.Write(a.UpperBound);
        writer.Write(a.Summary);
    }

    public static AlertEvent ReadAlert(BinaryReader reader)
    {
        var alert = ReadAlertFields(reader);
        var nul = alert.Source.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0
            ? alert
            : alert with { Source = Canonical(alert.Source[..nul]), OtherDims = DimsText(alert.Source[(nul + 1)..]) };
    }

    /// <summary>The interned instance of an OtherDims text (shared with the series that produced it when known).</summary>
    private static string DimsText(string value) => string.IsInterned(value) ?? value;

    private static AlertEvent ReadAlertFields(BinaryReader reader) => new()
    {
        AlertId = reader.ReadString(),
        Rule = reader.ReadString(),
        Severity = ReadEnum<Severity>(reader.ReadInt32()),
        Status = ReadEnum<AlertStatus>(reader.ReadInt32()),
        TimeGeneratedMs = reader.ReadInt64(),
        StartsAtMs = reader.ReadInt64(),
        EndsAtMs = ReadNullableLong(reader),
        Value = reader.ReadDouble(),
        Threshold = reader.ReadDouble(),
        Metric = Canonical(reader.ReadString()),
        Statistic = ReadEnum<Statistic>(reader.ReadInt32()),
        Source = Canonical(reader.ReadString()),
        Deployment = Canonical(reader.ReadString()),
        ModelName = Canonical(reader.ReadString()),
        ModelVersion = Canonical(reader.ReadString()),
        Operation = Canonical(reader.ReadString()),
        Host = Canonical(reader.ReadString()),
        Gpu = Canonical(reader.ReadString()),
        Score = reader.ReadDouble(),
        ExpectedValue = reader.ReadDouble(),
        LowerBound = reader.ReadDouble(),
        UpperBound = reader.ReadDouble(),
        Summary = reader.ReadString(),
    };

    /// <summary>Writes a rollout or rollback as the version engine and the incident correlator keep it.</summary>
    public static void WriteRollout(BinaryWriter writer, RolloutEvent e)
    {
        writer.Write((int)e.Kind);
        writer.Write(e.Deployment);
        writer.Write(e.Version);
        writer.Write(e.PreviousVersion);
        writer.Write(e.WindowStartMs);
        writer.Write(e.Share);
    }

    /// <summary>Reads a rollout written by <see cref="WriteRollout"/>; an undefined kind is corruption.</summary>
    public static RolloutEvent ReadRollout(BinaryReader reader) => new(ReadEnum<RolloutKind>(reader.ReadInt32()), reader.ReadString(),
        reader.ReadString(), reader.ReadString(), reader.ReadInt64(), reader.ReadDouble());

    public static void WriteNullableLong(BinaryWriter writer, long? value)
    {
        writer.Write(value.HasValue);
        if (value is { } v)
        {
            writer.Write(v);
        }
    }

    public static long? ReadNullableLong(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadInt64() : null;

    /// <summary>An enum value read as its number; undefined values are corruption.</summary>
    public static TEnum ReadEnum<TEnum>(int value)
        where TEnum : struct, Enum
    {
        var e = (TEnum)Enum.ToObject(typeof(TEnum), value);
        StateFrame.Check(Enum.IsDefined(e), $"{typeof(TEnum).Name} value {value} is undefined");
        return e;
    }

    private static Dictionary<string, string> BuildKnownNames()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in FixedMetrics.Names)
        {
            map[name] = name;
        }

        foreach (var field in typeof(DcgmFields).GetFields())
        {
            if (field.GetRawConstantValue() is string s)
            {
                map[s] = string.Intern(s);
            }
        }

        return map;
    }
}
