using AiObsStream.Core.Incidents;

namespace AiObsStream.Core.Tests.Incidents;

public sealed class OpenIncidentSetTests
{
    private static Incident Make(string id) => new(id, IncidentCause.Capacity, 0, 60_000, "d", string.Empty);

    [Fact]
    public void Values_AnyInsertOrder_AreInOrdinalIdOrder()
    {
        var set = new OpenIncidentSet();
        string[] ids = ["b", "a", "B", "ab", "c", "0", "aa"];
        foreach (var id in ids)
        {
            Assert.True(set.TryAdd(Make(id)));
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), set.Values.Select(i => i.Id));
        Assert.Equal(ids.Length, set.Count);
    }

    [Fact]
    public void TryAdd_RepeatedId_ReturnsFalseAndKeepsTheFirst()
    {
        var set = new OpenIncidentSet();
        var first = Make("x");
        Assert.True(set.TryAdd(first));
        Assert.False(set.TryAdd(Make("x")));
        Assert.Single(set.Values);
        Assert.True(set.TryGetValue("x", out var found));
        Assert.Same(first, found);
    }

    [Fact]
    public void Remove_KeepsTheRestInOrder_AndUnknownIdReturnsFalse()
    {
        var set = new OpenIncidentSet();
        foreach (var id in new[] { "c", "a", "b", "d" })
        {
            set.TryAdd(Make(id));
        }

        Assert.True(set.Remove("b"));
        Assert.False(set.Remove("b"));
        Assert.False(set.Remove("zz"));
        Assert.False(set.ContainsKey("b"));
        Assert.Equal(["a", "c", "d"], set.Values.Select(i => i.Id));
        set.Clear();
        Assert.Empty(set.Values);
        Assert.Equal(0, set.Count);
    }
}
