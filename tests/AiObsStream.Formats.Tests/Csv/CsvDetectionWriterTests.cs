using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Formats.Csv;

namespace AiObsStream.Formats.Tests.Csv;

public class CsvDetectionWriterTests
{
    [Fact]
    public void Write_BatchExpectedMode_EmptyCellsForUncomputed()
    {
        var input = new CsvSeries("Value", new[] { 1.5, 2.0 }, ["t0", "t1"]);
        SrBatchPoint[] points =
        [
            new(false, 0, 0.25, 1.5, double.NaN, double.NaN, double.NaN),
            new(true, 0.5, 1, 1.75, double.NaN, double.NaN, double.NaN),
        ];
        var writer = new StringWriter { NewLine = "\n" };

        CsvDetectionWriter.Write(writer, input, points, includeBatchColumns: true);

        Assert.Equal(
            "Index,Timestamp,Value,IsAnomaly,RawScore,Mag,ExpectedValue,BoundaryUnit,UpperBoundary,LowerBoundary\n" +
            "0,t0,1.5,0,0,0.25,1.5,,,\n" +
            "1,t1,2,1,0.5,1,1.75,,,\n",
            writer.ToString());
    }

    [Fact]
    public void Write_StreamMode_NoBatchColumns()
    {
        var input = new CsvSeries("Value", new[] { 3.0 }, null);
        var writer = new StringWriter { NewLine = "\n" };

        CsvDetectionWriter.Write(writer, input, [new SrBatchPoint(false, 0, 0, double.NaN, double.NaN, double.NaN, double.NaN)], false);

        Assert.Equal("Index,Value,IsAnomaly,RawScore,Mag\n0,3,0,0,0\n", writer.ToString());
    }

    [Fact]
    public void Write_LengthMismatch_Throws()
    {
        var input = new CsvSeries("Value", new[] { 3.0 }, null);

        Assert.Throws<ArgumentException>(() => CsvDetectionWriter.Write(TextWriter.Null, input, [], false));
    }
}
