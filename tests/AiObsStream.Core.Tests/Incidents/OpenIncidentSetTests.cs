using AiObsStream.Core.Incidents;

namespace AiObsStream.Core.Tests.Incidents;

public sealed class OpenIncidentSetTests
{
    private static Incident Make(string id, IncidentCause cause = IncidentCause.Capacity) => new(id, cause, 0, 60_000, "d", string.Empty);

    private static SortedSet<string> Set(params string[] items) => new(items, StringComparer.Ordinal);

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

    [Fact]
    public void FirstInScope_MatchesAVisitInIdOrder()
    {
        var set = new OpenIncidentSet();
        var c = Make("c");
        var a = Make("a");
        var b = Make("b", IncidentCause.GpuHardware);
        foreach (var incident in new[] { c, a, b })
        {
            set.TryAdd(incident);
        }

        set.AddHost(c, "h1");
        set.AddDeployment(a, "d2");
        set.AddHost(b, "h1");
        Assert.Same(c, set.FirstInScope(IncidentCause.Capacity, Set(), Set("h1")));
        Assert.Same(b, set.FirstInScope(IncidentCause.GpuHardware, Set(), Set("h1")));
        Assert.Same(a, set.FirstInScope(IncidentCause.Capacity, Set("d2"), Set("h1"))); // "a" < "c"
        Assert.Null(set.FirstInScope(IncidentCause.Capacity, Set("d9"), Set("h9")));
        Assert.False(set.AddHost(c, "h1")); // already in scope
    }

    [Fact]
    public void FirstInScope_RemovedIncident_IsNoLongerFound_AndScopeReadBeforeAddIsIndexed()
    {
        var set = new OpenIncidentSet();
        var restored = Make("r");
        restored.Hosts.Add("h1"); // as a checkpoint restore fills the scope before the incident is added
        set.TryAdd(restored);
        Assert.Same(restored, set.FirstInScope(IncidentCause.Capacity, Set(), Set("h1")));
        set.Remove("r");
        Assert.Null(set.FirstInScope(IncidentCause.Capacity, Set(), Set("h1")));
        var closed = Make("x");
        Assert.True(set.AddDeployment(closed, "d")); // not open: its scope grows, nothing is indexed
        Assert.Null(set.FirstInScope(IncidentCause.Capacity, Set("d"), Set()));
    }
}
