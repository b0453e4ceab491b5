using AiObsStream.Core.Aggregation;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Tests.State;

/// <summary>A row as a checkpoint writes it (<see cref="StateCodec.WriteNullableRow"/>), for byte comparisons.</summary>
internal static class RowBytes
{
    public static byte[] Of(MetricRow row)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            StateCodec.WriteNullableRow(w, row);
        }

        return buffer.ToArray();
    }
}
