using System.Globalization;
using AiObsStream.Core.Detectors.SpectralResidual;

namespace AiObsStream.Formats.Csv;

/// <summary>Writes SR detector output as CSV: Index, [Timestamp], Value, IsAnomaly, RawScore, Mag[, batch columns].</summary>
/// <remarks>Numbers are written with invariant culture and round-trip precision; non-computed batch cells are empty.</remarks>
public static class CsvDetectionWriter
{
    /// <summary>Writes the header and one row per point.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="input">The scored series (values and optional timestamps).</param>
    /// <param name="points">One result per input value.</param>
    /// <param name="includeBatchColumns">Adds ExpectedValue, BoundaryUnit, UpperBoundary, LowerBoundary (batch modes).</param>
    /// <exception cref="ArgumentException"><paramref name="points"/> and the input differ in length.</exception>
    public static void Write(TextWriter writer, CsvSeries input, ReadOnlySpan<SrBatchPoint> points, bool includeBatchColumns)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(input);
        if (points.Length != input.Values.Length)
        {
            throw new ArgumentException("One result per input value is required.", nameof(points));
        }

        bool hasTime = input.Timestamps is not null;
        writer.Write(hasTime ? "Index,Timestamp,Value,IsAnomaly,RawScore,Mag" : "Index,Value,IsAnomaly,RawScore,Mag");
        writer.WriteLine(includeBatchColumns ? ",ExpectedValue,BoundaryUnit,UpperBoundary,LowerBoundary" : string.Empty);
        ReadOnlySpan<double> values = input.Values.Span;
        for (int i = 0; i < points.Length; i++)
        {
            SrBatchPoint p = points[i];
            writer.Write(i.ToString(CultureInfo.InvariantCulture));
            if (hasTime)
            {
                writer.Write(',');
                writer.Write(input.Timestamps![i]);
            }

            Cell(writer, values[i]);
            writer.Write(p.IsAnomaly ? ",1" : ",0");
            Cell(writer, p.Score);
            Cell(writer, p.Mag);
            if (includeBatchColumns)
            {
                Cell(writer, p.ExpectedValue);
                Cell(writer, p.BoundaryUnit);
                Cell(writer, p.UpperBoundary);
                Cell(writer, p.LowerBoundary);
            }

            writer.WriteLine();
        }
    }

    private static void Cell(TextWriter writer, double value)
    {
        writer.Write(',');
        if (!double.IsNaN(value))
        {
            writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
