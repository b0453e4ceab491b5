using AiObsStream.Core.Windows;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Core.Tests.Windows;

/// <summary><see cref="RecordKeySet"/>: the same answers as a <see cref="HashSet{T}"/> of the same keys.</summary>
public class RecordKeySetTests
{
    private static readonly Config Property = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    [Fact]
    public void Add_AnyKeys_AnswersAsAHashSet_ThroughGrowthAndClear()
    {
        Prop.ForAll(Gen.Choose(1, 100_000).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var set = new RecordKeySet(random.Next(0, 64));
            var reference = new HashSet<ulong>();
            var n = random.Next(0, 3_000);
            var range = (ulong)random.Next(1, 5_000); // small ranges repeat keys; large ones rarely do
            for (var i = 0; i < n; i++)
            {
                // Keys that differ only in their high bits, or only in their low bits, land in the same slots under
                // a weak hash: both kinds are mixed in.
                var k = 1 + ((ulong)random.NextInt64() % range);
                var key = random.Next(3) switch { 0 => k, 1 => k << 40, _ => k * 0x0123_4567_89AB_CDEFUL };
                key = key == 0 ? 1 : key;
                Assert.Equal(reference.Add(key), set.Add(key));
                if (random.Next(2_000) == 0)
                {
                    set.Clear();
                    reference.Clear();
                }
            }

            Assert.Equal(reference.Count, set.Count);
            var keys = new List<ulong>();
            set.CopyTo(keys);
            Assert.Equal(reference.Order(), keys.Order());
            return true;
        }).Check(Property);
    }

    [Fact]
    public void Clear_KeepsWorking_AndForgetsEveryKey()
    {
        var set = new RecordKeySet();
        for (ulong k = 1; k <= 100; k++)
        {
            Assert.True(set.Add(k));
        }

        set.Clear();

        Assert.Equal(0, set.Count);
        Assert.True(set.Add(7));
        Assert.False(set.Add(7));
        Assert.Equal(1, set.Count);
    }
}
