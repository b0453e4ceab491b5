using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;
using AiObsStream.TestKit.Fuzz;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>
/// The whole harness against a parser broken on purpose: one that, like the defect of issue #10 §7, stops reading after
/// a bad unit. The oracle must flag the clean units after it.
/// </summary>
public sealed class FuzzHarnessTests
{
    [Fact]
    public void Run_ParserThatStopsAfterABadUnit_NeighboursFlagged()
    {
        var units = FuzzCorpus.LogLines().Take(6).ToList();
        var target = new StopsAfterReject();
        var clean = target.Run(units);
        var mutated = units.ToList();
        mutated[2] = new Mutator(1).Truncate(units[2]).Bytes;

        var broken = FuzzOracle.Check(clean, target.Run(mutated), 2, Expectation.Reject);

        Assert.Equal([3, 4, 5], broken.Select(b => b.Unit));
        Assert.All(broken, b => Assert.Equal("neighbour-changed", b.Class));
    }

    [Fact]
    public void Run_RealParser_SameMutationPasses()
    {
        var units = FuzzCorpus.LogLines().Take(6).ToList();
        var target = FuzzTargets.StructuredLog(fastPath: true);
        var mutated = units.ToList();
        mutated[2] = new Mutator(1).Truncate(units[2]).Bytes;

        Assert.Empty(FuzzOracle.Check(target.Run(units), target.Run(mutated), 2, Expectation.Reject));
    }

    /// <summary>The structured log parser, except that after one rejected unit it accepts everything as empty.</summary>
    private sealed class StopsAfterReject : FuzzTarget
    {
        protected override Session Start() => new S(new StructuredLogParser());

        private sealed class S(StructuredLogParser parser) : Session
        {
            private bool _stopped;

            public override long Uncounted => 0;

            public override bool TryParse(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> recordRejects, out ParseError failure)
            {
                failure = default;
                if (_stopped)
                {
                    return true;
                }

                _stopped = !parser.TryParse(unit, output, recordRejects, out failure);
                return !_stopped;
            }

            public override void Close() => parser.Dispose();
        }
    }
}
