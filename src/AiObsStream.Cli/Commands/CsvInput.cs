using AiObsStream.Formats.Csv;

namespace AiObsStream.Cli.Commands;

/// <summary>Opens and reads a CSV series for a command, reporting problems on the command's error writer.</summary>
internal static class CsvInput
{
    /// <summary>Reads <paramref name="path"/>; returns null (after writing the reason) when it cannot be used.</summary>
    public static CsvSeries? Read(string path, string? column, TextWriter error)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"--input: file not found: {path}");
            return null;
        }

        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        if (!CsvSeriesReader.TryRead(reader, column, out CsvSeries? series, out var parseError))
        {
            error.WriteLine($"--input: {path}: {parseError.Message}");
            return null;
        }

        return series;
    }
}
