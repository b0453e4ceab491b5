using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>
/// The key-order cache of the fast path: its hit rule on bytes, what it refuses to learn, and parsers that reuse it
/// across units whose keys differ from the learned order in every way that must not be taken for a hit (escaped keys,
/// longer and shorter keys, truncation, nested objects in skipped values, invalid UTF-8, reordered escaped properties):
/// a parser warmed on one unit must give exactly what a fresh exact-path parser gives for the next.
/// </summary>
public class KeyOrderCacheTests
{
    private const string Template =
        """{"records":[{"time":"2026-11-22T11:12:37.6922718Z","category":"RequestResponse","correlationId":"c-1","durationMs":444,"Tenant":"eastus2","operationName":"ChatCompletions_Create","properties":"{\"apiName\":\"v1\",\"requestTime\":639309427572473734,\"responseTime\":639309427576922718,\"modelDeploymentName\":\"chat-prod\",\"modelName\":\"gpt-4o\",\"modelVersion\":\"2024-08-06\"}","resourceId":"/SUBSCRIPTIONS/S/ACCOUNTS/A","resultSignature":"200"},{"time":"2026-11-22T11:12:38Z","category":"RequestResponse","correlationId":"c-2","durationMs":12,"Tenant":"eastus2","operationName":"ChatCompletions_Create","properties":{"apiName":"v1","requestTime":639309427572473734,"responseTime":639309427576922718,"modelDeploymentName":"chat-prod","modelName":"gpt-4o","modelVersion":"2024-08-06"},"resourceId":"/SUBSCRIPTIONS/S/ACCOUNTS/A","resultSignature":"200"}]}""";

    private static readonly KeySpec TimeSpec = new(JsonField.Time, FieldKind.Time);

    [Fact]
    public void TryHit_LearnedKeyFollowedByClose_ReturnsTheLearnedAnswer()
    {
        var cache = new KeyOrderCache(JsonKeys.Record);
        cache.Learn(3, "time"u8, found: true, TimeSpec);

        Assert.True(cache.TryHit("x\"time\":1"u8, 2, 3, (byte)'"', out var length, out var found, out var spec));
        Assert.Equal(4, length);
        Assert.True(found);
        Assert.Equal(TimeSpec, spec);
    }

    [Theory]
    [InlineData("\"timeGenerated\":1", 1, (byte)'"')] // a longer key starting with the learned one
    [InlineData("\"tim\":1", 1, (byte)'"')] // a shorter one
    [InlineData("\"Time\":1", 1, (byte)'"')] // another case: the table decides (slow way), not the cache
    [InlineData("\"ti\\u006de\":1", 1, (byte)'"')] // the same key spelled with an escape
    [InlineData("\"time", 1, (byte)'"')] // truncated right after the key
    [InlineData("\"tim", 1, (byte)'"')] // truncated inside it
    [InlineData("", 1, (byte)'"')] // start past the end
    [InlineData("\"time\\\"", 1, (byte)'"')] // an escaped-quoted key where a plain one is expected
    public void TryHit_AnythingButTheLearnedKeyAndClose_Misses(string text, int start, byte close)
    {
        var cache = new KeyOrderCache(JsonKeys.Record);
        cache.Learn(0, "time"u8, found: true, TimeSpec);

        Assert.False(cache.TryHit(Encoding.UTF8.GetBytes(text), start, 0, close, out _, out _, out _));
    }

    [Fact]
    public void SameKey_RandomKeysAndTexts_MatchesScalarReference()
    {
        // Texts are the key with at most one byte changed (so equal and almost-equal both come up), of every length,
        // with garbage in the slot past the key (the masked word must not look at it) and texts that end early.
        var gen = from n in Gen.Choose(1, KeyOrderCache.MaxKeyLength)
                  from key in Gen.ArrayOf(Gen.Elements<byte>((byte)'a', (byte)'b', (byte)'_', 0x80, 0xFF, 0x00), n)
                  from garbage in Gen.ArrayOf(Gen.Elements<byte>((byte)'a', (byte)'"', 0xFF), KeyOrderCache.MaxKeyLength)
                  from flip in Gen.Choose(-1, n - 1)
                  from tail in Gen.Choose(1, 12)
                  select (key, garbage, flip, tail);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var n = input.key.Length;
            var slot = (byte[])input.garbage.Clone();
            input.key.CopyTo(slot, 0);
            var text = new byte[n + input.tail];
            input.key.CopyTo(text, 0);
            text.AsSpan(n).Fill((byte)'"');
            if (input.flip >= 0)
            {
                text[input.flip] ^= 0x01;
            }

            Assert.Equal(KeyOrderCache.SameKeyScalar(text, slot, n), KeyOrderCache.SameKey(text, slot, n));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(47)]
    [InlineData(48)]
    public void TryHit_KeyDifferingInAnyOneByte_Misses_TheSameKeyHits(int n)
    {
        var key = Encoding.ASCII.GetBytes(new string('k', n));
        var cache = new KeyOrderCache(JsonKeys.Record);
        cache.Learn(0, key, found: false, default);
        var text = new byte[n + 2]; // the quote, the key, the closing quote: shorter than 8 bytes for small keys
        text[0] = text[^1] = (byte)'"';
        key.CopyTo(text, 1);

        Assert.True(cache.TryHit(text, 1, 0, (byte)'"', out var length, out _, out _));
        Assert.Equal(n, length);
        for (var i = 1; i <= n; i++)
        {
            var other = (byte[])text.Clone();
            other[i] = (byte)'K';
            Assert.False(cache.TryHit(other, 1, 0, (byte)'"', out _, out _, out _));
        }
    }

    [Fact]
    public void TryHit_OtherPositionOrPositionPastTheLimit_Misses()
    {
        var cache = new KeyOrderCache(JsonKeys.Record);
        cache.Learn(0, "time"u8, found: true, TimeSpec);
        cache.Learn(KeyOrderCache.Positions, "time"u8, found: true, TimeSpec);

        Assert.False(cache.TryHit("\"time\""u8, 1, 1, (byte)'"', out _, out _, out _));
        Assert.False(cache.TryHit("\"time\""u8, 1, KeyOrderCache.Positions, (byte)'"', out _, out _, out _));
        Assert.False(cache.TryHit("\"time\""u8, 1, -1, (byte)'"', out _, out _, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\"b")]
    [InlineData("a\\b")]
    [InlineData("a\tb")]
    [InlineData("a\u0001b")]
    [InlineData("0123456789012345678901234567890123456789012345678")] // 49 bytes: over MaxKeyLength
    public void Learn_KeyThatCouldStopAStringScanOrTooLong_IsNotRemembered(string key)
    {
        var cache = new KeyOrderCache(JsonKeys.Record);
        var bytes = Encoding.UTF8.GetBytes(key);
        cache.Learn(0, bytes, found: false, default);

        var text = new byte[bytes.Length + 2];
        bytes.CopyTo(text, 1);
        text[0] = text[^1] = (byte)'"';
        Assert.False(cache.TryHit(text, 1, 0, (byte)'"', out _, out _, out _));
    }

    [Fact]
    public void Learn_OverALearnedPosition_ReplacesIt_AndRebindForgetsAll()
    {
        var cache = new KeyOrderCache(JsonKeys.Record);
        cache.Learn(0, "time"u8, found: true, TimeSpec);
        cache.Learn(0, "Tenant"u8, found: false, default);

        Assert.False(cache.TryHit("\"time\""u8, 1, 0, (byte)'"', out _, out _, out _));
        Assert.True(cache.TryHit("\"Tenant\""u8, 1, 0, (byte)'"', out _, out var found, out _));
        Assert.False(found);

        cache.Rebind(JsonKeys.Properties);
        Assert.Same(JsonKeys.Properties, cache.Table);
        Assert.False(cache.TryHit("\"Tenant\""u8, 1, 0, (byte)'"', out _, out _, out _));
    }

    [Fact]
    public void KeyOrder_OneCachePerTable_AThirdTableTakesOverTheSecond()
    {
        using var scratch = new RecordScratch();
        var records = scratch.KeyOrder(JsonKeys.Record);
        var properties = scratch.KeyOrder(JsonKeys.Properties);

        Assert.NotSame(records, properties);
        Assert.Same(records, scratch.KeyOrder(JsonKeys.Record));
        Assert.Same(properties, scratch.KeyOrder(JsonKeys.Properties));
        Assert.Same(properties, scratch.KeyOrder(JsonKeys.StructuredLog));
        Assert.Same(JsonKeys.StructuredLog, properties.Table);
    }

    [Theory]
    // keys reordered, and a key learned at a position replaced by its escaped spelling (top level and in properties)
    [InlineData("""{"records":[{"category":"RequestResponse","time":"2026-11-22T11:12:37Z","correlationId":"c-3","properties":{"modelName":"gpt-4o","modelDeploymentName":"d2"},"resultSignature":"200"}]}""")]
    [InlineData("""{"records":[{"ti\u006de":"2026-11-22T11:12:37Z","category":"RequestResponse","correlationId":"c-3","resultSignature":"200"}]}""")]
    [InlineData("""{"records":[{"time":"2026-11-22T11:12:37Z","category":"RequestResponse","correlationId":"c-3","durationMs":5,"Tenant":"t","operationName":"o","properties":{"api\u004eame":"v1","requestTime":1}}]}""")]
    // a longer key and a shorter one where learned keys stood (timeGenerated is another field; categor is unknown)
    [InlineData("""{"records":[{"timeGenerated":"2026-11-22T11:12:37Z","categor":"RequestResponse","category":"RequestResponse","time":"2026-11-22T11:12:38Z"}]}""")]
    // an unknown key where a known one was learned, and a nested object in a skipped value at a learned position
    [InlineData("""{"records":[{"time":"2026-11-22T11:12:37Z","category":"RequestResponse","correlationId":"c-3","durationMs":5,"Tenant":{"a":[1,{"time":"x"}],"durationMs":"no"},"resultSignature":"200"}]}""")]
    // truncated after a learned key, inside one, and after its colon
    [InlineData("""{"records":[{"time""")]
    [InlineData("""{"records":[{"tim""")]
    [InlineData("""{"records":[{"time":""")]
    // an escaped quote right after a learned key's bytes (the key goes on: not a hit)
    [InlineData("""{"records":[{"time\"x":"2026-11-22T11:12:37Z","category":"RequestResponse"}]}""")]
    // escaped properties: reordered, a learned key spelled with \u, a key followed by \\ (not \"), a nested object
    [InlineData("""{"records":[{"time":"2026-11-22T11:12:37Z","category":"RequestResponse","correlationId":"c-3","durationMs":5,"Tenant":"t","operationName":"o","properties":"{\"modelName\":\"m\",\"apiName\":\"v1\",\"modelDeploymentName\":\"d\"}"}]}""")]
    [InlineData("""{"records":[{"time":"2026-11-22T11:12:37Z","category":"RequestResponse","correlationId":"c-3","durationMs":5,"Tenant":"t","operationName":"o","properties":"{\"api\\u004eame\":\"v1\",\"requestTime\":1}"}]}""")]
    [InlineData("""{"records":[{"time":"2026-11-22T11:12:37Z","category":"RequestResponse","correlationId":"c-3","durationMs":5,"Tenant":"t","operationName":"o","properties":"{\"apiName\\\\\":\"v1\"}"}]}""")]
    [InlineData("""{"records":[{"time":"2026-11-22T11:12:37Z","category":"RequestResponse","correlationId":"c-3","durationMs":5,"Tenant":"t","operationName":"o","properties":"{\"apiName\":{\"modelName\":\"x\"},\"modelName\":\"m\"}"}]}""")]
    [InlineData("""{"records":[{"time":"2026-11-22T11:12:37Z","category":"RequestResponse","correlationId":"c-3","durationMs":5,"Tenant":"t","operationName":"o","properties":"{\"apiName\":\"v1\",\"requestTime\":6393094275724"}]}""")]
    public void TryParse_AfterLearningTheTemplate_SameAsAFreshExactParser(string unit) =>
        AssertSameAsExact(Encoding.UTF8.GetBytes(unit));

    [Fact]
    public void TryParse_InvalidUtf8InALearnedKeyPosition_SameAsAFreshExactParser()
    {
        var unit = Encoding.UTF8.GetBytes(
            """{"records":[{"time":"2026-11-22T11:12:37Z","categorX":"RequestResponse","correlationId":"c-3"}]}""");
        var at = Array.IndexOf(unit, (byte)'X');
        unit[at] = 0xC3; // a lead byte with no continuation, inside a key at a learned position
        AssertSameAsExact(unit);
    }

    [Fact]
    public void TryParse_TemplateTwice_HitsAndMatchesExact()
    {
        var template = Encoding.UTF8.GetBytes(Template);
        using var fast = new EventHubsBodyParser();
        var first = Run(fast, template);
        var second = Run(fast, template); // every key a hit now

        Assert.Equal(first, second);
        Assert.Equal(Run(new EventHubsBodyParser { UseFastPath = false }, template), second);
        Assert.Equal(2, fast.FastPathUnits);
    }

    /// <summary>
    /// A fast parser that learned <see cref="Template"/> and the exact path of a fresh parser (whose caches are
    /// empty) give the same events, rejects and failure for <paramref name="unit"/>; so does a fast parser that never
    /// saw the template.
    /// </summary>
    private static void AssertSameAsExact(byte[] unit)
    {
        using var warm = new EventHubsBodyParser();
        Run(warm, Encoding.UTF8.GetBytes(Template));
        using var cold = new EventHubsBodyParser();
        using var exact = new EventHubsBodyParser { UseFastPath = false };

        var expected = Run(exact, unit);
        Assert.Equal(expected, Run(warm, unit));
        Assert.Equal(expected, Run(cold, unit));
        Assert.Equal(expected, Run(warm, unit)); // and again, having learned this unit's order
    }

    private static string Run(EventHubsBodyParser parser, byte[] unit)
    {
        using var buffer = new EventBuffer(4);
        var rejects = new List<ParseError>();
        var ok = parser.TryParse(unit, buffer, rejects, out var failure);
        var text = new StringBuilder().Append(ok).Append(' ').Append(failure).Append('\n');
        foreach (var e in buffer.Span)
        {
            text.Append(string.Join('|', e.TimeUnixMs, e.Dims.Source, e.Dims.Deployment, e.Dims.ModelName,
                e.Dims.ModelVersion, e.Dims.Operation, e.Dims.Resource, e.Kind, e.DedupKey, e.Status, e.Success,
                BitConverter.DoubleToInt64Bits(e.LatencyMs), BitConverter.DoubleToInt64Bits(e.PromptTokens))).Append('\n');
        }

        foreach (var r in rejects)
        {
            text.Append(r).Append('\n');
        }

        return text.ToString();
    }
}
