using AiObsStream.Core.Evaluation.Nab;

namespace AiObsStream.Core.Tests.Evaluation;

public class NabMathTests
{
    [Theory]
    [InlineData(-1.0, 0.98661429815143)]
    [InlineData(-0.5, 0.84828363995751)]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, -0.98661429815143)]
    [InlineData(3.0, -0.99999938819555)]
    [InlineData(3.0000001, -1.0)]
    public void ScaledSigmoid_KnownPositions_MatchNab(double position, double expected)
    {
        Assert.Equal(expected, NabMath.ScaledSigmoid(position), 12);
    }

    [Theory]
    [InlineData(20, 3)]
    [InlineData(1000, 150)]
    [InlineData(4032, 604)]
    [InlineData(5000, 750)]
    [InlineData(22695, 750)]
    [InlineData(0, 0)]
    public void ProbationaryLength_RowCounts_IsMinOf15PercentAnd750(int rows, int expected)
    {
        Assert.Equal(expected, NabMath.ProbationaryLength(rows));
    }

    [Fact]
    public void ProbationaryLength_BadFraction_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NabMath.ProbationaryLength(100, 1.5));
    }
}
