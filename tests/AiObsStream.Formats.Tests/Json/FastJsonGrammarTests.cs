using System.Text;
using AiObsStream.Formats.Json;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Json;

public class FastJsonGrammarTests
{
    [Fact]
    public void NextStop_RandomBytes_MatchesScalarReference()
    {
        var gen = from length in Gen.Choose(0, 80)
                  from bytes in Gen.ArrayOf(Gen.Elements<byte>((byte)'a', (byte)'"', (byte)'\\', 0x00, 0x1F, 0x20, 0x7F, 0x80, 0xFF, (byte)'z'), length)
                  from dense in Gen.Elements(false, true)
                  from start in Gen.Choose(0, 80)
                  select (bytes, dense, start);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            // Sparse inputs put the stop past the first vector, or nowhere.
            var bytes = input.dense ? input.bytes : [.. input.bytes.Select(b => b is (byte)'"' or (byte)'\\' or < 0x20 ? (byte)'x' : b), .. input.bytes];
            var start = input.start % (bytes.Length + 1);
            Assert.Equal(FastJsonGrammar.NextStopScalar(bytes, start), FastJsonGrammar.NextStop(bytes, start));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void Digits_EveryByteAtEveryPositionAndStart_MatchesScalarReference()
    {
        // Every byte value (0x00-0xFF, with the neighbours of '0'..'9' among them) at every position of digit runs from
        // 1 to 40 bytes (none, one and two full vectors, and tails), from every start: the vector compare must stop
        // exactly where the loop does.
        const string Digits = "9876543210987654321098765432109876543210";
        for (var length = 1; length <= Digits.Length; length++)
        {
            for (var position = 0; position < length; position++)
            {
                for (var b = 0; b < 256; b++)
                {
                    var bytes = Encoding.ASCII.GetBytes(Digits[..length]);
                    bytes[position] = (byte)b;
                    for (var start = 0; start <= length; start += Math.Max(1, length / 5))
                    {
                        Assert.Equal(FastJsonGrammar.DigitsScalar(bytes, start), FastJsonGrammar.Digits(bytes, start));
                    }
                }
            }
        }
    }

    [Fact]
    public void Digits_RandomBytes_MatchesScalarReference()
    {
        var gen = from length in Gen.Choose(0, 70)
                  from bytes in Gen.ArrayOf(Gen.Elements<byte>((byte)'0', (byte)'5', (byte)'9', (byte)'/', (byte)':', (byte)'.', (byte)'e', 0x00, 0xB0, 0xFF), length)
                  from dense in Gen.Elements(false, true)
                  from start in Gen.Choose(0, 70)
                  select (bytes, dense, start);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            // Sparse inputs are long digit runs with a non-digit late, past a vector boundary, or none.
            var bytes = input.dense ? input.bytes : [.. input.bytes.Select(b => (byte)'0' + (b % 10)).Select(b => (byte)b), .. input.bytes];
            var start = input.start % (bytes.Length + 1);
            Assert.Equal(FastJsonGrammar.DigitsScalar(bytes, start), FastJsonGrammar.Digits(bytes, start));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void EscapedObjectEnd_RandomBytes_MatchesFourPassReference()
    {
        // Bytes the search looks at ('}', '"', '\\', controls) among filler, over 0-3 vector blocks, from any start;
        // sparse inputs put the first '}"' late, past block boundaries, or nowhere.
        var gen = from length in Gen.Choose(0, 110)
                  from bytes in Gen.ArrayOf(Gen.Elements<byte>((byte)'}', (byte)'"', (byte)'\\', (byte)'a', (byte)':', 0x00, 0x1F, 0x20, 0x7F, 0xFF), length)
                  from dense in Gen.Elements(false, true)
                  from start in Gen.Choose(0, 110)
                  select (bytes, dense, start);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var bytes = input.dense ? input.bytes : [.. input.bytes.Select(b => b is (byte)'}' or < 0x20 ? (byte)'x' : b), .. input.bytes];
            var start = input.start % (bytes.Length + 1);
            Assert.Equal(FastJsonGrammar.EscapedObjectEndScalar(bytes, start), FastJsonGrammar.EscapedObjectEnd(bytes, start));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void EscapedObjectEnd_PairAtEveryPosition_MatchesFourPassReference()
    {
        // A '}"' at every position of 100 bytes of escaped-properties text (including across the 32-byte blocks), with
        // a raw quote, a control byte or a lone backslash before or after it.
        const string Text = "{\\\"apiName\\\":\\\"v1\\\",\\\"requestLength\\\":2640,\\\"modelName\\\":\\\"gpt-4o\\\",\\\"x\\\":0}\"";
        var template = Encoding.ASCII.GetBytes(Text.PadRight(100, 'y'));
        foreach (var extra in new byte?[] { null, (byte)'"', 0x01, (byte)'\\' })
        {
            for (var pair = 0; pair < template.Length - 1; pair++)
            {
                for (var at = -1; at < template.Length; at += 7)
                {
                    var bytes = (byte[])template.Clone();
                    bytes[pair] = (byte)'}';
                    bytes[pair + 1] = (byte)'"';
                    if (extra is { } e && at >= 0 && at != pair && at != pair + 1)
                    {
                        bytes[at] = e;
                    }

                    foreach (var start in new[] { 0, 1, 31, 33 })
                    {
                        Assert.Equal(FastJsonGrammar.EscapedObjectEndScalar(bytes, start), FastJsonGrammar.EscapedObjectEnd(bytes, start));
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("{\\\"a\\\":1}\"", 8)] // the first '}"' ends it
    [InlineData("{\\\"a\\\":\\\"}\\\"}\"", 12)] // a '}' inside an inner string is followed by \", not by a quote
    [InlineData("{\\\"a\\\":1}", -1)] // no closing quote
    [InlineData("{\\\"a\u0001\\\":1}\"", -1)] // a control byte
    [InlineData("{\\\"a\"\\\":1}\"", -1)] // a raw quote: one more quote than backslashes
    public void EscapedObjectEnd_Cases(string text, int expected)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        Assert.Equal(expected, FastJsonGrammar.EscapedObjectEnd(bytes, 0));
        Assert.Equal(expected, FastJsonGrammar.EscapedObjectEndScalar(bytes, 0));
    }

    [Theory]
    [InlineData("\"abc\"", true, false)]
    [InlineData("\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\"", true, true)]
    [InlineData("\"a\\x\"", false, false)]
    [InlineData("\"\\u12\"", false, false)]
    [InlineData("\"\\ud83d\\ude00\"", false, false)]
    [InlineData("\"a\u0001\"", false, false)]
    [InlineData("\"abc", false, false)]
    public void TryString_Cases_AcceptsOnlyValidStrings(string json, bool ok, bool escaped)
    {
        var at = 0;
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.Equal(ok, FastJsonGrammar.TryString(bytes, ref at, out var sawEscape));
        Assert.Equal(ok ? bytes.Length : 0, at);
        Assert.Equal(escaped, ok && sawEscape);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("-12.5e+3", true)]
    [InlineData("1E5", true)]
    [InlineData("-", false)]
    [InlineData("1.", false)]
    [InlineData(".5", false)]
    [InlineData("1e", false)]
    [InlineData("+1", false)]
    public void TryNumber_Cases_FollowsTheJsonGrammar(string text, bool ok)
    {
        var at = 0;

        Assert.Equal(ok, FastJsonGrammar.TryNumber(Encoding.ASCII.GetBytes(text), ref at) && at == text.Length);
    }
}
