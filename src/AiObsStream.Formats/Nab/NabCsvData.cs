namespace AiObsStream.Formats.Nab;

/// <summary>The rows of one NAB data file.</summary>
/// <param name="TimestampsUnixMs">Row timestamps, Unix ms UTC, in file order.</param>
/// <param name="Values">Row values, in file order.</param>
public sealed record NabCsvData(long[] TimestampsUnixMs, double[] Values);
