using AiObsStream.Core.Security;

namespace AiObsStream.Core.Tests.Security;

public class SpaceSavingTests
{
    [Fact]
    public void Offer_TrackedKey_AddsToItsSlot()
    {
        var s = new SpaceSaving(2);

        var a = s.Offer("a", 1, out var e1);
        var again = s.Offer("a", 2, out var e2);

        Assert.Equal(a, again);
        Assert.Equal(3, s.CountAt(a));
        Assert.Null(e1);
        Assert.Null(e2);
    }

    [Fact]
    public void Offer_Full_EvictsTheSmallestAndInheritsItsCountAsError()
    {
        var s = new SpaceSaving(2);
        s.Offer("a", 5, out _);
        s.Offer("b", 2, out _);

        var c = s.Offer("c", 1, out var evicted);

        Assert.Equal("b", evicted);
        Assert.Equal(-1, s.SlotOf("b"));
        Assert.Equal(c, s.SlotOf("c"));
        Assert.Equal(3, s.CountAt(c));
        Assert.Equal(2, s.ErrorAt(c));
        Assert.Equal(2, s.Count);
    }

    [Fact]
    public void Offer_TiesGoToTheLowestSlot()
    {
        var s = new SpaceSaving(3);
        s.Offer("a", 1, out _);
        s.Offer("b", 1, out _);
        s.Offer("c", 1, out _);

        s.Offer("d", 1, out var evicted);

        Assert.Equal("a", evicted);
    }

    [Fact]
    public void Decay_ScalesCountsAndKeepsOrder()
    {
        var s = new SpaceSaving(2);
        s.Offer("a", 10, out _);
        s.Offer("b", 4, out _);

        s.Decay(0.5);

        Assert.Equal(5, s.CountAt(s.SlotOf("a")));
        Assert.Equal(2, s.CountAt(s.SlotOf("b")));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Decay(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Decay(1.5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    public void Offer_ManyDistinctKeys_KeepsCapacityAndEveryKeyAboveTotalOverCapacity(int capacity)
    {
        // The Space-Saving guarantee: a key with true weight > N / capacity is tracked, whatever the stream.
        var s = new SpaceSaving(capacity);
        var random = new Random(7);
        var heavy = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var key = random.NextDouble() < 0.3 ? "heavy-" + random.Next(capacity > 1 ? capacity / 2 : 1) : "k" + i;
            s.Offer(key, 1, out _);
            total++;
            if (key.StartsWith("heavy-", StringComparison.Ordinal))
            {
                heavy[key] = heavy.GetValueOrDefault(key) + 1;
            }
        }

        Assert.Equal(capacity, s.Count);
        foreach (var (key, weight) in heavy)
        {
            if (weight > total / capacity)
            {
                var slot = s.SlotOf(key);
                Assert.True(slot >= 0, key);
                Assert.InRange(s.CountAt(slot) - s.ErrorAt(slot), 0, weight); // count - error is a lower bound
                Assert.True(s.CountAt(slot) >= weight);
            }
        }
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpaceSaving(0));
}
