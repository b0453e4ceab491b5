using System.Text;
using AiObsStream.Core.Text;
using AiObsStream.Formats.Json;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Json;

/// <summary><see cref="RecentStrings"/>: for any sequence of values, the strings a plain <see cref="StringPool"/> gives.</summary>
public class RecentStringsTests
{
    [Fact]
    public void Get_AnyValues_EqualsThePoolsString()
    {
        // Values that collide in the cache's slots (same length, same tail), values around the length limit, invalid
        // UTF-8 (the pool's replacement characters) and empty ones, repeated in any order.
        var property = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);
        Prop.ForAll(Gen.Choose(1, 1_000_000).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var values = new List<byte[]>();
            for (var i = random.Next(1, 40); i > 0; i--)
            {
                var length = random.Next(5) == 0 ? random.Next(RecentStrings.MaxBytes - 2, RecentStrings.MaxBytes + 3) : random.Next(0, 20);
                var value = new byte[length];
                for (var b = 0; b < length; b++)
                {
                    value[b] = random.Next(10) == 0 ? (byte)random.Next(0x80, 0x100) : (byte)random.Next('0', '4');
                }

                values.Add(value);
            }

            var cache = new RecentStrings(new StringPool());
            var reference = new StringPool();
            for (var i = 0; i < 500; i++)
            {
                var value = values[random.Next(values.Count)];
                Assert.Equal(reference.Get(value), cache.Get(value));
            }

            return true;
        }).Check(property);
    }

    [Fact]
    public void Get_RepeatedCaller_ReturnsTheSameInstance()
    {
        var cache = new RecentStrings(new StringPool());
        var first = cache.Get("10.20.0.***"u8);
        Assert.Equal("10.20.0.***", first);
        Assert.Same(first, cache.Get(Encoding.UTF8.GetBytes("10.20.0.***")));
        Assert.Equal("10.20.1.***", cache.Get("10.20.1.***"u8));
    }
}
