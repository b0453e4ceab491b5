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
