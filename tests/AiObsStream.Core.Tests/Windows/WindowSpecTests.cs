using AiObsStream.Core.Windows;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Windows;

public class WindowSpecTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(59_999, 0)]
    [InlineData(60_000, 60_000)]
    [InlineData(-1, -60_000)]
    [InlineData(1_795_346_117_350, 1_795_346_100_000)]
    public void LatestStart_Tumbling_AlignsToMinute(long time, long expected)
    {
        var spec = new WindowSpec(TimeSpan.FromMinutes(1));
        Assert.Equal(expected, spec.LatestStart(time));
        Assert.Equal(expected + 60_000, spec.LatestEnd(time));
    }

    [Fact]
    public void AssignStarts_Hopping_ReturnsEveryContainingWindowOldestFirst()
    {
        var spec = new WindowSpec(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));
        Span<long> starts = stackalloc long[8];
        var n = spec.AssignStarts(7 * 60_000 + 5, starts);
        Assert.Equal(5, n);
        Assert.Equal(new long[] { 180_000, 240_000, 300_000, 360_000, 420_000 }, starts[..n].ToArray());
    }

    [Fact]
    public void Constructor_SizeNotMultipleOfHop_ThrowsNamingHop()
    {
        var ex = Assert.Throws<ArgumentException>(() => new WindowSpec(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2)));
        Assert.Contains("multiple of the hop", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AssignStarts_EveryEventBelongsToExactlyItsWindows_Property()
    {
        Prop.ForAll(Gen.Choose(-1_000_000, int.MaxValue).Select(x => x * 997L).ToArbitrary(), Gen.Elements(1, 2, 3, 5, 10).ToArbitrary(), (time, k) =>
        {
            var spec = new WindowSpec(TimeSpan.FromMinutes(k), TimeSpan.FromMinutes(1));
            Span<long> starts = stackalloc long[16];
            var n = spec.AssignStarts(time, starts);
            for (var i = 0; i < n; i++)
            {
                if (!(starts[i] <= time && time < starts[i] + spec.SizeMs) || starts[i] % spec.HopMs != 0)
                {
                    return false;
                }
            }

            // No other hop-aligned window contains the time.
            return !(starts[0] - spec.HopMs + spec.SizeMs > time) && starts[n - 1] + spec.HopMs > time;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(7, 2, 3)]
    [InlineData(-7, 2, -4)]
    [InlineData(7, -2, -4)]
    [InlineData(-7, -2, 3)]
    [InlineData(-6, 2, -3)]
    [InlineData(0, 5, 0)]
    [InlineData(-1, 60_000, -1)]
    [InlineData(-60_000, 60_000, -1)]
    [InlineData(-60_001, 60_000, -2)]
    [InlineData(long.MinValue, 60_000, -153722867280913)]
    [InlineData(long.MaxValue, 60_000, 153722867280912)]
    public void FloorDiv_RoundsTowardNegativeInfinity(long a, long b, long expected)
    {
        Assert.Equal(expected, WindowSpec.FloorDiv(a, b));
    }

    [Fact]
    public void FloorDiv_RandomOperands_EqualsQuotientAndRemainderForm()
    {
        // The reference: the quotient, one less when the remainder (C#'s %) is non-zero and the signs differ.
        Prop.ForAll(ArbMap.Default.ArbFor<long>(), ArbMap.Default.ArbFor<long>(), ArbMap.Default.ArbFor<int>(), (a, b, small) =>
        {
            foreach (var divisor in new[] { b, small, 60_000L, -7L })
            {
                if (divisor == 0 || (a == long.MinValue && divisor == -1))
                {
                    continue;
                }

                var q = a / divisor;
                var expected = a % divisor != 0 && ((a < 0) ^ (divisor < 0)) ? q - 1 : q;
                Assert.Equal(expected, WindowSpec.FloorDiv(a, divisor));
            }
        }).QuickCheckThrowOnFailure();
    }
}
