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

    [Fact]
    public void Offer_BeyondTheInitialArrays_GrowsToTheCapacityThenEvicts()
    {
        // The arrays start small and grow with the slots in use: slots, counts and the free-slot answers must be as if
        // they had been allocated at full capacity.
        var s = new SpaceSaving(10);
        Assert.Null(s.KeyAt(9));
        Assert.Equal(0, s.CountAt(9));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i, s.Offer("k" + i, 10 + i, out var evicted));
            Assert.Null(evicted);
        }

        Assert.Equal(10, s.Count);
        Assert.Equal("k9", s.KeyAt(9));
        Assert.Equal(19, s.CountAt(9));
        var slot = s.Offer("new", 1, out var gone);
        Assert.Equal("k0", gone); // the smallest count, 10, in slot 0
        Assert.Equal(0, slot);
        Assert.Equal(11, s.CountAt(0));
        Assert.Equal(10, s.ErrorAt(0));
        Assert.Throws<IndexOutOfRangeException>(() => s.KeyAt(10));
    }

    [Fact]
    public void DeploymentCallers_MakesSlotStateOnlyForSlotsTaken()
    {
        var d = new DeploymentCallers("chat", "AzureOpenAI", topK: 32);
        Assert.Empty(d.Slots);

        var first = d.Slot(d.Callers.Offer("10.0.0.1", 1, out _));
        var second = d.Slot(d.Callers.Offer("10.0.0.2", 1, out _));

        Assert.Equal(2, d.Slots.Count);
        Assert.Same(first, d.Slot(0));
        Assert.Same(second, d.Slot(1));
        first.Requests = 3;
        d.ClearWindow();
        Assert.Equal(0, first.Requests);
    }
}
