using System.Text.Json;
using AiObsStream.Core.Evaluation.Nab;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Nab;

/// <summary>Parses NAB's <c>labels/combined_windows.json</c>: an object mapping each data file's relative path to a list
/// of <c>[start, end]</c> timestamp pairs.</summary>
public static class NabWindowsParser
{
    /// <summary>Parses <paramref name="json"/>; never throws.</summary>
    /// <param name="json">The file's UTF-8 bytes.</param>
    /// <param name="windows">Windows per relative path (ordinal keys), when the result is true.</param>
    /// <param name="error">What is wrong and where, when the result is false.</param>
    /// <returns>True when the document has the expected shape and every timestamp parses.</returns>
    public static bool TryParse(ReadOnlySpan<byte> json, out Dictionary<string, NabWindow[]>? windows, out ParseError error)
    {
        windows = null;
        error = default;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = new ParseError(RejectReason.UnknownShape, "windows file: the root must be an object keyed by data file path");
                return false;
            }

            var result = new Dictionary<string, NabWindow[]>(StringComparer.Ordinal);
            foreach (var file in document.RootElement.EnumerateObject())
            {
                if (!TryFile(file, out var list, out error))
                {
                    return false;
                }

                result[file.Name] = list;
            }

            windows = result;
            return true;
        }
        catch (JsonException ex)
        {
            error = new ParseError(RejectReason.Malformed, $"windows file: invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}: {ex.Message}");
            return false;
        }
    }

    private static bool TryFile(JsonProperty file, out NabWindow[] windows, out ParseError error)
    {
        windows = [];
        error = default;
        if (file.Value.ValueKind != JsonValueKind.Array)
        {
            error = new ParseError(RejectReason.UnknownShape, $"windows file: '{file.Name}' must map to an array of [start, end] pairs");
            return false;
        }

        var list = new List<NabWindow>();
        int index = 0;
        foreach (var pair in file.Value.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                || !TryTime(pair[0], out long start) || !TryTime(pair[1], out long end))
            {
                error = new ParseError(RejectReason.InvalidValue, $"windows file: '{file.Name}' window {index} is not a pair of 'yyyy-MM-dd HH:mm:ss[.ffffff]' strings", index);
                return false;
            }

            list.Add(new NabWindow(start, end));
            index++;
        }

        windows = [.. list];
        return true;
    }

    private static bool TryTime(JsonElement element, out long unixMs)
    {
        unixMs = 0;
        return element.ValueKind == JsonValueKind.String && NabTimestamp.TryParse(element.GetString().AsSpan(), out unixMs);
    }
}
