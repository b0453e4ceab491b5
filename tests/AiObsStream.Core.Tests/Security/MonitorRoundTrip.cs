using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Tests.Security;

/// <summary>
/// The checkpoint property of an event monitor: a stream run straight through and the same stream run with a save and a
/// restore (into a fresh monitor) at any step give the same alerts in the same order and the same final state.
/// </summary>
internal static class MonitorRoundTrip
{
    /// <summary>Runs <paramref name="steps"/> on <paramref name="monitor"/> (their alerts dropped) and returns it.</summary>
    public static T Run<T>(T monitor, IEnumerable<Action<T, List<AlertEvent>>> steps)
    {
        var alerts = new List<AlertEvent>();
        foreach (var step in steps)
        {
            step(monitor, alerts);
        }

        return monitor;
    }

    public static byte[] Save<T>(T monitor, Action<T, BinaryWriter> save)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            save(monitor, w);
        }

        return buffer.ToArray();
    }

    public static T Restore<T>(Func<T> make, byte[] state, Action<T, BinaryReader> restore)
    {
        var monitor = make();
        using var r = new BinaryReader(new MemoryStream(state), System.Text.Encoding.UTF8);
        restore(monitor, r);
        Assert.Equal(state.Length, r.BaseStream.Position);
        return monitor;
    }

    /// <summary>Runs <paramref name="steps"/> straight and cut at each of <paramref name="cuts"/>; returns the straight alerts.</summary>
    public static List<AlertEvent> AssertCutsMatch<T>(Func<T> make, IReadOnlyList<Action<T, List<AlertEvent>>> steps,
        Action<T, BinaryWriter> save, Action<T, BinaryReader> restore, IEnumerable<int> cuts)
    {
        var straight = make();
        var expected = new List<AlertEvent>();
        foreach (var step in steps)
        {
            step(straight, expected);
        }

        var expectedState = Save(straight, save);
        foreach (var cut in cuts)
        {
            var first = make();
            var alerts = new List<AlertEvent>();
            for (var i = 0; i < cut; i++)
            {
                steps[i](first, alerts);
            }

            var state = Save(first, save);
            var resumed = Restore(make, state, restore);
            Assert.Equal(state, Save(resumed, save)); // a restored monitor saves to the very same bytes
            for (var i = cut; i < steps.Count; i++)
            {
                steps[i](resumed, alerts);
            }

            Assert.True(expected.SequenceEqual(alerts), $"alerts differ when cut at step {cut} of {steps.Count}");
            Assert.Equal(expectedState, Save(resumed, save));
        }

        return expected;
    }

    /// <summary>Every step near both ends, and <paramref name="count"/> seeded random steps in between.</summary>
    public static IEnumerable<int> Cuts(int steps, int seed, int count = 40)
    {
        var random = new Random(seed);
        return new[] { 0, 1, 2, steps - 2, steps - 1, steps }
            .Concat(Enumerable.Range(0, count).Select(_ => random.Next(steps + 1)))
            .Where(c => c >= 0 && c <= steps).Distinct().Order();
    }

    /// <summary>Asserts that restoring <paramref name="state"/> fails with an <see cref="InvalidDataException"/> containing <paramref name="expected"/>.</summary>
    public static void AssertRejected<T>(Func<T> make, byte[] state, Action<T, BinaryReader> restore, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Restore(make, state, restore));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The corruptions every saved state must reject: each truncation point sampled, a flipped body bit, a newer version.</summary>
    public static void AssertCorruptionRejected<T>(Func<T> make, byte[] state, Action<T, BinaryReader> restore, string component, string tag)
    {
        Assert.True(state.Length > 64, "the sample state is too small to exercise corruption");
        foreach (var length in new[] { 0, 3, 4, 5, 9, state.Length / 2, state.Length - 9, state.Length - 1 })
        {
            AssertRejected(make, state[..length], restore, component);
        }

        var flipped = (byte[])state.Clone();
        flipped[state.Length / 2] ^= 0x10;
        AssertRejected(make, flipped, restore, "checksum mismatch");

        var newer = (byte[])state.Clone();
        newer[4] = 99; // the version byte after the four-character tag
        AssertRejected(make, newer, restore, $"'{tag}' has format version 99");

        var other = (byte[])state.Clone();
        other[0] = (byte)'X';
        AssertRejected(make, other, restore, $"where '{tag}' was expected");
    }
}
