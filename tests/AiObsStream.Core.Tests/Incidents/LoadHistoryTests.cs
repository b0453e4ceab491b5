using AiObsStream.Core.Incidents;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Incidents;

public class LoadHistoryTests
{
    [Fact]
    public void Restore_OneWindow_ReservesFarLessThanTheRing()
    {
        var history = new LoadHistory(22);
        history.Restore(new LoadWindow(0, 100, 1, double.NaN, false));

        Assert.Single(history.Windows);
        Assert.True(history.Reserved <= 4, $"reserved {history.Reserved} windows for one");
    }

    [Fact]
    public void Restore_AnyNumberOfWindows_KeepsTheLastCapacityWindowsAndNeverReservesMore()
    {
        Prop.ForAll(Gen.Choose(1, 40).ToArbitrary(), Gen.Choose(0, 100).ToArbitrary(), (capacity, count) =>
        {
            var history = new LoadHistory(capacity);
            var expected = new List<LoadWindow>();
            for (var i = 0; i < count; i++)
            {
                var window = new LoadWindow(i * 60_000L, i, 0, double.NaN, i % 3 == 0);
                history.Restore(window);
                expected.Add(window);
            }

            return history.Windows.SequenceEqual(expected.Skip(Math.Max(0, count - capacity))) && history.Reserved <= capacity;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Add_PastTheCapacity_JudgesAgainstTheRemainingWindows()
    {
        var options = new IncidentOptions();
        var history = new LoadHistory(4);
        for (var i = 0; i < 6; i++)
        {
            history.Add(i * 60_000L, 100, 0, options);
        }

        var surge = history.Add(6 * 60_000L, 300, 0, options);

        Assert.Equal(4, history.Windows.Count);
        Assert.Equal(100, surge.Baseline);
        Assert.True(surge.Surge);
    }
}
