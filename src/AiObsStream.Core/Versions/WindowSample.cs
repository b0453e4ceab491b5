using AiObsStream.Core.Operators;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Versions;

/// <summary>What one model version of one deployment did in one window, reduced to what the comparison needs.</summary>
internal sealed class WindowSample
{
    public long StartMs { get; init; }

    /// <summary>Requests of the whole deployment in the window (the load the version ran under).</summary>
    public long Load { get; init; }

    /// <summary>True when the deployment's 429 share in the window was above the throttling threshold.</summary>
    public bool Throttled { get; init; }

    /// <summary>Requests of this version.</summary>
    public long Requests { get; set; }

    /// <summary>Merged sketches of the distribution signals (one source per metric).</summary>
    public SmallOrdinalMap<DDSketch> Sketches { get; } = new();

    /// <summary>Numerators of the proportion signals (requests with HTTP 429, errors).</summary>
    public SmallOrdinalMap<long> Counts { get; } = new();

    /// <summary>Window-level values (GPU efficiency, cost per request).</summary>
    public SmallOrdinalMap<double> Values { get; } = new();

    public void Save(BinaryWriter writer)
    {
        writer.Write(StartMs);
        writer.Write(Load);
        writer.Write(Throttled);
        writer.Write(Requests);
        writer.Write(Sketches.Count);
        foreach (var (metric, sketch) in Sketches)
        {
            writer.Write(metric);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(sketch.GetMaxSerializedSize());
            sketch.WriteTo(buffer);
            writer.Write(buffer.WrittenCount);
            writer.Write(buffer.WrittenSpan);
        }

        writer.Write(Counts.Count);
        foreach (var (metric, count) in Counts)
        {
            writer.Write(metric);
            writer.Write(count);
        }

        writer.Write(Values.Count);
        foreach (var (metric, value) in Values)
        {
            writer.Write(metric);
            writer.Write(value);
        }
    }

    public static WindowSample Read(BinaryReader reader)
    {
        var s = new WindowSample { StartMs = reader.ReadInt64(), Load = reader.ReadInt64(), Throttled = reader.ReadBoolean() };
        s.Requests = reader.ReadInt64();
        var n = reader.ReadInt32();
        for (var i = 0; i < n; i++)
        {
            var metric = reader.ReadString();
            ReadOnlySpan<byte> bytes = reader.ReadBytes(reader.ReadInt32());
            s.Sketches[metric] = DDSketch.ReadFrom(ref bytes);
        }

        n = reader.ReadInt32();
        for (var i = 0; i < n; i++)
        {
            s.Counts[reader.ReadString()] = reader.ReadInt64();
        }

        n = reader.ReadInt32();
        for (var i = 0; i < n; i++)
        {
            s.Values[reader.ReadString()] = reader.ReadDouble();
        }

        return s;
    }
}
