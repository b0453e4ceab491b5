using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>The oracle itself: each broken invariant is caught (so the fuzz test cannot pass trivially).</summary>
public sealed class FuzzOracleTests
{
    private static UnitOutcome Ok(params string[] events) => new(true, events, [], default, 0, null);

    private static UnitOutcome OkWithReject(params string[] events) =>
        new(true, events, [new ParseError(RejectReason.InvalidValue, "records[1].durationMs: not a number", 1, 40)], default, 0, null);

    private static UnitOutcome Rejected(string message) => new(false, [], [], new ParseError(RejectReason.Malformed, message), 0, null);

    private static readonly UnitOutcome[] Clean = [Ok("a1", "a2"), Ok("b1")];

    [Fact]
    public void Check_NeighbourLost_ReportsNeighbourChanged()
    {
        var broken = FuzzOracle.Check(Clean, [Rejected("malformed JSON at byte 7 of 9"), Ok()], 0, Expectation.Reject);

        Assert.Equal((1, "neighbour-changed"), (broken.Single().Unit, broken.Single().Class));
    }

    [Fact]
    public void Check_RecordDroppedWithoutReject_ReportsSilentDrop()
    {
        var broken = FuzzOracle.Check(Clean, [Ok("a1"), Ok("b1")], 0, Expectation.Any);

        Assert.Equal("silent-drop", broken.Single().Class);
    }

    [Fact]
    public void Check_RecordRejectedWithReason_Passes()
    {
        Assert.Empty(FuzzOracle.Check(Clean, [OkWithReject("a1"), Ok("b1")], 0, Expectation.Reject));
    }

    [Fact]
    public void Check_UnchangedWhenRejectExpected_ReportsAcceptedShouldReject()
    {
        var broken = FuzzOracle.Check(Clean, [Ok("a1", "a2"), Ok("b1")], 0, Expectation.Reject);

        Assert.Equal("accepted-should-reject", broken.Single().Class);
    }

    [Fact]
    public void Check_ExtraEvent_ReportsDoubleCount()
    {
        var broken = FuzzOracle.Check(Clean, [Ok("a1", "a2", "a2"), Ok("b1")], 0, Expectation.Any);

        Assert.Equal("double-count", broken.Single().Class);
    }

    [Fact]
    public void Check_VagueMessage_Reported()
    {
        var broken = FuzzOracle.Check(Clean, [Rejected("bad"), Ok("b1")], 0, Expectation.Reject);

        Assert.Equal("vague-message", broken.Single().Class);
    }

    [Fact]
    public void Check_Throw_ReportsExceptionType()
    {
        var thrown = new UnitOutcome(false, [], [], default, 0, new InvalidOperationException("Cannot transcode invalid UTF-8"));

        var broken = FuzzOracle.Check(Clean, [thrown, Ok("b1")], 0, Expectation.Any);

        Assert.Equal("throws:InvalidOperationException", broken.Single().Class);
    }

    [Fact]
    public void Check_ValueChangedByBitFlip_AllowedOnlyForAny()
    {
        UnitOutcome[] flipped = [Ok("a1", "a2-changed"), Ok("b1")];

        Assert.Empty(FuzzOracle.Check(Clean, flipped, 0, Expectation.Any));
        Assert.Equal("accepted-changed-should-keep", FuzzOracle.Check(Clean, flipped, 0, Expectation.KeepOrReject).Single().Class);
        Assert.Equal("accepted-changed-should-reject", FuzzOracle.Check(Clean, flipped, 0, Expectation.Reject).Single().Class);
    }
}
