using AiObsStream.Core.State;

namespace AiObsStream.Core.Tests.State;

public class DictionaryLayoutTests
{
    private static Dictionary<int, string> RoundTrip(Dictionary<int, string> map)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            DictionaryLayout.Write(w, map, static (w, k, v) =>
            {
                w.Write(k);
                w.Write(v);
            });
        }

        stream.Position = 0;
        var restored = new Dictionary<int, string>();
        using var r = new BinaryReader(stream);
        DictionaryLayout.Read(r, restored, static r => (r.ReadInt32(), r.ReadString()), static i => -1 - i);
        return restored;
    }

    [Fact]
    public void Read_AfterRemovals_LaterInsertsEnumerateAsOriginal()
    {
        var original = new Dictionary<int, string>();
        for (var i = 0; i < 20; i++)
        {
            original[i] = "v" + i;
        }

        foreach (var i in new[] { 3, 17, 8, 11 })
        {
            original.Remove(i);
        }

        var restored = RoundTrip(original);
        Assert.Equal(original.Keys, restored.Keys);
        foreach (var i in new[] { 100, 101, 102, 103, 104, 105 })
        {
            original[i] = "n";
            restored[i] = "n";
        }

        original.Remove(5);
        restored.Remove(5);
        original[200] = restored[200] = "m";
        Assert.Equal(original.Keys, restored.Keys); // the new keys fill the same holes in the same order
    }

    [Fact]
    public void Read_PlainReinsertion_WouldDiffer()
    {
        // Guards the test above against passing trivially: re-adding the live entries loses the holes.
        var original = new Dictionary<int, string> { [1] = "a", [2] = "b", [3] = "c" };
        original.Remove(1);
        var naive = new Dictionary<int, string>(original);
        original[9] = naive[9] = "z";
        Assert.NotEqual(original.Keys, naive.Keys);
        var restored = RoundTrip(new Dictionary<int, string> { [1] = "a", [2] = "b", [3] = "c" }.RemoveAndReturn(1));
        restored[9] = "z";
        Assert.Equal(original.Keys, restored.Keys);
    }
}

internal static class DictionaryTestExtensions
{
    public static Dictionary<int, string> RemoveAndReturn(this Dictionary<int, string> map, int key)
    {
        map.Remove(key);
        return map;
    }
}
