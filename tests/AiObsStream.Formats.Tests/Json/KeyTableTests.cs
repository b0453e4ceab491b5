using System.Text;
using AiObsStream.Formats.Json;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Json;

public class KeyTableTests
{
    private static readonly string[] Names =
    [
        "Id", "id2", "time", "Name", "type", "count", "model", "status", "records", "ttft_ms", "tokens.prompt",
        "resourceId", "durationMs", "properties", "@timestamp", "_ResourceId", "modelDeploymentName",
        "gen_ai.evaluation.score.value", "gen_ai.response.model_version", "a.b_c@d[e]f`g{h}i~j",
    ];

    private static readonly KeyTable Table = new([.. Names.Select((n, i) => (n, new KeySpec((JsonField)(i % 16), FieldKind.Text)))]);

    /// <summary>The reference: the first name equal to the key ignoring ASCII case.</summary>
    private static int Reference(byte[] key) =>
        Array.FindIndex(Names, n => Ascii.EqualsIgnoreCase(key, Encoding.ASCII.GetBytes(n)));

    private static int Lookup(byte[] key) => Table.TryGet(key, out var spec) ? Array.FindIndex(Names, n =>
        Ascii.EqualsIgnoreCase(key, Encoding.ASCII.GetBytes(n)) && (int)spec.Field == Array.IndexOf(Names, n) % 16) : -1;

    [Theory]
    [InlineData("ID")]
    [InlineData("TIME")]
    [InlineData("ResourceID")]
    [InlineData("MODELDEPLOYMENTNAME")]
    [InlineData("Gen_AI.Evaluation.Score.Value")]
    [InlineData("A.B_C@D[E]F`G{H}I~J")]
    public void TryGet_OtherCase_Found(string key)
    {
        Assert.True(Table.TryGet(Encoding.ASCII.GetBytes(key), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("I")]
    [InlineData("Id ")]
    [InlineData("tIMf")]
    [InlineData("resourceIe")]
    [InlineData("modelDeploymentNam_")]
    [InlineData("a.b_c@d{e}f@g[h]i^j")] // '[' vs '{', '`' vs '@', '~' vs '^': differ by 0x20 but are not letters
    [InlineData("tokens\u007fprompt")]
    public void TryGet_NearMisses_NotFound(string key)
    {
        Assert.False(Table.TryGet(Encoding.ASCII.GetBytes(key), out _));
    }

    [Fact]
    public void TryGet_NonAsciiKey_NotFound()
    {
        var key = Encoding.ASCII.GetBytes("time");
        key[1] = (byte)('i' | 0x80);

        Assert.False(Table.TryGet(key, out _));
    }

    [Fact]
    public void TryGet_MutatedNames_MatchesAsciiEqualsIgnoreCase()
    {
        var gen = from name in Gen.Elements(Names)
                  from at in Gen.Choose(0, 63)
                  from flip in Gen.Elements<byte>(0x00, 0x20, 0x01, 0x80, 0xA0, 0x40)
                  select (name, at, flip);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var key = Encoding.ASCII.GetBytes(input.name);
            var i = input.at % key.Length;
            key[i] ^= input.flip;
            Assert.Equal(Reference(key), Lookup(key));
        }).QuickCheckThrowOnFailure();
    }
}
