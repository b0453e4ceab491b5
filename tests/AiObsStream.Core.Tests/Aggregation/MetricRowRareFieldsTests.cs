using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Sketches;
using AiObsStream.Core.Tests.State;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Aggregation;

/// <summary>
/// <see cref="MetricRow"/> keeps its rarely set fields (rate, share, sketch, team, project) in a side object: reading,
/// <c>with</c>, equality, hashing and checkpoint bytes must be those of plain fields.
/// </summary>
public class MetricRowRareFieldsTests
{
    private static readonly SeriesDims Dims = DimsPool.Shared.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "dep", "gpt-4o", "v1", "op", "r", "", ""));

    private static MetricRow Plain() => new()
    {
        WindowStartMs = 0, WindowEndMs = 60_000, Metric = MetricNames.Requests, Dims = Dims, ModelVersion = "v1",
        Count = 3, Sum = 3, Min = 1, Max = 1, Mean = 1,
    };

    [Fact]
    public void Defaults_AreThoseOfPlainFields()
    {
        var row = Plain();

        Assert.True(double.IsNaN(row.Rate));
        Assert.True(double.IsNaN(row.Share));
        Assert.Null(row.Sketch);
        Assert.Equal(string.Empty, row.Team);
        Assert.Equal(string.Empty, row.Project);
    }

    [Fact]
    public void With_ChangesOneField_KeepsTheOthers_AndLeavesTheSourceAlone()
    {
        var sketch = new DDSketch();
        var a = Plain() with { Rate = 3, Share = 0.25, Sketch = sketch, Team = "t", Project = "p" };
        var b = a with { Share = 0.5 };

        Assert.Equal((3.0, 0.25, "t", "p"), (a.Rate, a.Share, a.Team, a.Project));
        Assert.Same(sketch, a.Sketch);
        Assert.Equal((3.0, 0.5, "t", "p"), (b.Rate, b.Share, b.Team, b.Project));
        Assert.Same(sketch, b.Sketch);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void BackToDefaults_EqualsARowThatNeverSetThem()
    {
        var set = Plain() with { Rate = 3, Team = "t", Sketch = new DDSketch() };
        var cleared = set with { Rate = double.NaN, Team = string.Empty, Sketch = null };

        Assert.Equal(Plain(), cleared);
        Assert.Equal(Plain().GetHashCode(), cleared.GetHashCode());
        Assert.Equal(RowBytes.Of(Plain()), RowBytes.Of(cleared));
    }

    [Fact]
    public void NaNPayloadAndNegativeZero_KeptBitForBit()
    {
        var payload = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001);
        var row = Plain() with { Rate = payload, Share = -0.0 };

        Assert.Equal(0x7FF8_0000_0000_0001, BitConverter.DoubleToInt64Bits(row.Rate));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(row.Share));
    }

    [Fact]
    public void EqualityAndHash_FollowTheValues_AsPlainFieldsDid()
    {
        // Generated rare fields set in any order, through an initializer or `with`: equal values, equal rows and hashes.
        Prop.ForAll(
            Gen.Elements(double.NaN, 0.0, 1.5, 7.0).ToArbitrary(),
            Gen.Elements(double.NaN, 0.0, 0.25).ToArbitrary(),
            Gen.Elements("", "team-a").ToArbitrary(),
            (rate, share, team) =>
            {
                var init = new MetricRow
                {
                    WindowStartMs = 0, WindowEndMs = 60_000, Metric = MetricNames.Requests, Dims = Dims, ModelVersion = "v1",
                    Count = 3, Sum = 3, Min = 1, Max = 1, Mean = 1, Team = team, Share = share, Rate = rate,
                };
                var with = Plain() with { Rate = 9, Share = 0.9, Team = "x" } with { Rate = rate, Share = share, Team = team };
                return init.Equals(with) && init.GetHashCode() == with.GetHashCode() && RowBytes.Of(init).SequenceEqual(RowBytes.Of(with))
                    && Equals(init.Rate, rate) && Equals(init.Share, share) && init.Team == team;
            }).QuickCheckThrowOnFailure();
    }
}
