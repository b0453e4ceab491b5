using System.Text.Json;

namespace AiObsStream.LogAnalytics.Internal;

/// <summary>Splits a JSON array body into two arrays of about half the elements each (used after a 413).</summary>
internal static class JsonArraySplitter
{
    /// <summary>Returns the byte ranges [start, end) of the top-level elements of <paramref name="json"/>.</summary>
    public static List<(int Start, int End)> Elements(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        var ranges = new List<(int, int)>();
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return ranges;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            ranges.Add((start, (int)reader.BytesConsumed));
        }

        return ranges;
    }

    /// <summary>Splits into halves; both keep <paramref name="batch"/>'s sequence number (their order is the list order).</summary>
    public static (PayloadBatch First, PayloadBatch Second) Halve(PayloadBatch batch)
    {
        var elements = Elements(batch.Json);
        var mid = elements.Count / 2;
        return (Build(batch, elements, 0, mid), Build(batch, elements, mid, elements.Count));
    }

    /// <summary>Concatenates batches of one stream (in order) into one.</summary>
    public static PayloadBatch Concat(IReadOnlyList<PayloadBatch> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        using var output = new MemoryStream();
        output.WriteByte((byte)'[');
        var rows = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var json = parts[i].Json;
            if (i > 0)
            {
                output.WriteByte((byte)',');
            }

            output.Write(json, 1, json.Length - 2);
            rows += parts[i].Rows;
        }

        output.WriteByte((byte)']');
        return parts[0] with { Json = output.ToArray(), Rows = rows };
    }

    private static PayloadBatch Build(PayloadBatch batch, List<(int Start, int End)> elements, int from, int to)
    {
        using var output = new MemoryStream();
        output.WriteByte((byte)'[');
        for (var i = from; i < to; i++)
        {
            if (i > from)
            {
                output.WriteByte((byte)',');
            }

            output.Write(batch.Json, elements[i].Start, elements[i].End - elements[i].Start);
        }

        output.WriteByte((byte)']');
        return batch with { Json = output.ToArray(), Rows = to - from };
    }
}
