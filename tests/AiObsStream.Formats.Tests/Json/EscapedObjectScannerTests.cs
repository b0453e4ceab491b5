using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Json;

public class EscapedObjectScannerTests
{
    private const string Aoai = """{"apiName":"Azure OpenAI API version 2024-10-21","requestTime":639309427576922718,"requestLength":440,"responseTime":639309427582045416,"responseLength":554,"objectId":"","streamType":"Streaming","modelDeploymentName":"chat-prod","modelName":"gpt-4o","modelVersion":"2024-08-06"}""";

    private static readonly string[] Keys =
    [
        "modelDeploymentName", "MODELDEPLOYMENTNAME", "modelName", "ModelName", "modelVersion", "model_version",
        "deployment", "requestTime", "RequestTime", "responseTime", "promptTokens", "completionTokens",
        "PromptTokens", "tokens.prompt", "ttft_ms", "queue_ms", "gen_ai.evaluation.score.value", "request_id",
        "apiName", "objectId", "streamType", "requestLength", "x",
    ];

    private static readonly string[] Values =
    [
        "\"chat-prod\"", "\"gpt-4o\"", "\"\"", "\"65\"", "\"4.72\"", "\" 4.72 \"", "\"-5\"", "\"1e3\"", "\"x y\"",
        "65", "0", "-0", "512.27", "1e3", "-12", "639309427576922718", "1234567890123456789", "12345678901234567890",
        "true", "false", "null", "\"2024-08-06\"", "\"\u00e9t\u00e9\"",
    ];

    /// <summary>Escapes a JSON text the way the AOAI exporter does: only quotes (and backslashes) are escaped.</summary>
    private static string QuoteOnly(string json) =>
        json.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static RecordScratch ReadExact(string innerJson)
    {
        var reader = new JsonRecordReader();
        var json = new Utf8JsonReader(Encoding.UTF8.GetBytes(innerJson));
        json.Read();
        reader.ReadObject(ref json, JsonKeys.Properties, null);
        return reader.Scratch;
    }

    private static RecordScratch? ReadFast(string escaped)
    {
        var scratch = new RecordScratch();
        return EscapedObjectScanner.TryRead(Encoding.UTF8.GetBytes(escaped), JsonKeys.Properties, scratch) ? scratch : null;
    }

    private static void AssertSame(RecordScratch expected, RecordScratch actual)
    {
        for (var f = JsonField.Category; f <= JsonField.Time; f++)
        {
            Assert.Equal(expected.Has(f), actual.Has(f));
            Assert.Equal(Encoding.UTF8.GetString(expected.Text(f)), Encoding.UTF8.GetString(actual.Text(f)));
        }

        for (var f = JsonField.Status; f < JsonField.End; f++)
        {
            Assert.Equal(expected.Number(f), actual.Number(f));
        }

        Assert.Equal(expected.RequestTicks, actual.RequestTicks);
        Assert.Equal(expected.ResponseTicks, actual.ResponseTicks);
        Assert.Equal(expected.InvalidNumber, actual.InvalidNumber);
    }

    private static TelemetryEvent[] ParseBody(string propertiesValue)
    {
        using var parser = new EventHubsBodyParser();
        var record = """{"category":"RequestResponse","correlationId":"c1","operationName":"ChatCompletions_Create","resultSignature":"200","time":"2026-11-22T11:12:38.2045420Z","properties":"""
            + propertiesValue + "}";
        var run = ParseRun.Of(parser, "{\"records\":[" + record + "]}");
        Assert.True(run.Accepted, run.Failure.Message);
        return run.Events;
    }

    [Fact]
    public void TryRead_AoaiProperties_SameAsExactPath()
    {
        var fast = ReadFast(QuoteOnly(Aoai));

        Assert.NotNull(fast);
        AssertSame(ReadExact(Aoai), fast);
        Assert.Equal("chat-prod", Encoding.UTF8.GetString(fast.Text(JsonField.Deployment)));
        Assert.Equal(639309427576922718, fast.RequestTicks);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData(" { } ")]
    [InlineData("{ \"modelName\" : \"m\" , \"promptTokens\" : 5 }")]
    [InlineData("{\"MODELNAME\":\"m\",\"PromptTokens\":\"65\",\"COMPLETIONTOKENS\":51,\"RequestTime\":\"42\"}")]
    [InlineData("{\"modelName\":null,\"promptTokens\":null,\"requestTime\":null}")]
    [InlineData("{\"request_id\":12.5}")] // a lenient text field keeps a number's text
    [InlineData("{\"request_id\":true}")]
    [InlineData("{\"modelName\":\"a\",\"modelName\":\"b\",\"modelDeploymentName\":\"x\",\"deployment\":\"y\"}")]
    [InlineData("{\"requestTime\":-5,\"responseTime\":0}")]
    [InlineData("{\"apiName\":\"v\",\"requestLength\":1.5e-3,\"objectId\":\"\",\"x\":-0.0E+2}")]
    public void TryRead_SimpleShapes_SameAsExactPath(string json)
    {
        var fast = ReadFast(QuoteOnly(json));

        Assert.NotNull(fast);
        AssertSame(ReadExact(json), fast);
    }

    [Theory]
    [InlineData("{\\u0022modelName\\u0022:\\u0022m\\u0022}")] // \u0022 instead of \"
    [InlineData("{\\\"modelName\\\":\\\"a\\\\\\\\b\\\"}")] // \\ inside a value
    [InlineData("{\\\"modelName\\\":\\\"a\\/b\\\"}")] // \/ inside a value
    [InlineData("{\\\"modelName\\\":\\\"a\\nb\\\"}")] // \n inside a value
    [InlineData("{\\n\\\"modelName\\\":\\\"m\\\"}")] // escaped newline as whitespace
    [InlineData("{\\\"o\\\":{\\\"modelName\\\":\\\"m\\\"}}")] // nested object
    [InlineData("{\\\"a\\\":[1,2]}")] // array
    [InlineData("{\\\"promptTokens\\\":\\\" 65\\\"}")] // number needing the BCL parser
    [InlineData("{\\\"promptTokens\\\":true}")] // invalid number: the exact path reports it
    [InlineData("{\\\"modelName\\\":12.5}")] // a name of the wrong type: the exact path reports it
    [InlineData("{\\\"deployment\\\":false}")]
    [InlineData("{\\\"promptTokens\\\":1234567890123456}")] // more digits than the fast decimal parser takes
    [InlineData("{\\\"requestTime\\\":\\\"-5\\\"}")] // signed ticks in a string
    [InlineData("{\\\"requestTime\\\":1.0}")] // ticks with a fraction
    [InlineData("{\\\"modelName\\\":01}")] // leading zero: not JSON
    [InlineData("{\\\"modelName\\\":1.}")] // not JSON
    [InlineData("{\\\"modelName\\\":tru}")] // not JSON
    [InlineData("{\\\"modelName\\\":\\\"m\\\",}")] // trailing comma
    [InlineData("{\\\"modelName\\\":\\\"m\\\"} x")] // data after the object
    [InlineData("{\\\"modelName\\\" \\\"m\\\"}")] // missing colon
    [InlineData("[]")]
    [InlineData("")]
    public void TryRead_OtherShapes_DeclinesWithoutWriting(string escaped)
    {
        var scratch = new RecordScratch();

        Assert.False(EscapedObjectScanner.TryRead(Encoding.UTF8.GetBytes(escaped), JsonKeys.Properties, scratch));
        AssertSame(new RecordScratch(), scratch);
    }

    [Fact]
    public void TryRead_MoreCapturedKeysThanMatchSlots_Declines()
    {
        var json = "{" + string.Join(",", Enumerable.Range(0, EscapedObjectScanner.MaxMatches + 1)
            .Select(i => "\"modelName\":\"m" + i + "\"")) + "}";

        Assert.Null(ReadFast(QuoteOnly(json)));
    }

    [Theory]
    [InlineData("\"{\\u0022modelDeploymentName\\u0022:\\u0022d\\u0022,\\u0022promptTokens\\u0022:7}\"")]
    [InlineData("\"{\\\"modelDeploymentName\\\":\\\"d\\\\\\\\x\\\",\\\"promptTokens\\\":7}\"")]
    [InlineData("\"{\\\"modelDeploymentName\\\":\\\"d\\/x\\\",\\\"promptTokens\\\":7}\"")]
    [InlineData("\"{\\\"MODELDEPLOYMENTNAME\\\":\\\"d\\\",\\\"PROMPTTOKENS\\\":\\\"7\\\"}\"")]
    [InlineData("\"{\\\"promptTokens\\\":7}\"")]
    [InlineData("\"{}\"")]
    public void TryParse_EscapedPropertiesVariants_SameEventsAsObjectProperties(string asString)
    {
        var inner = JsonSerializer.Deserialize<string>(asString)!;

        Assert.Equal(ParseBody(inner), ParseBody(asString));
    }

    [Fact]
    public void TryParse_RandomFlatProperties_StringAndObjectFormsAgree()
    {
        var gen = from pairs in Gen.ListOf(Gen.Zip(Gen.Elements(Keys), Gen.Elements(Values)))
                  from spaced in ArbMap.Default.GeneratorFor<bool>()
                  select (pairs, spaced);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var sep = input.spaced ? " , " : ",";
            var json = "{" + string.Join(sep, input.pairs.Select(p => "\"" + p.Item1 + "\":" + p.Item2)) + "}";
            var objectForm = ParseBody(json);
            Assert.Equal(objectForm, ParseBody("\"" + QuoteOnly(json) + "\""));
            Assert.Equal(objectForm, ParseBody(JsonSerializer.Serialize(json))); // \u0022 escapes: exact path
            if (ReadFast(QuoteOnly(json)) is { } fast)
            {
                AssertSame(ReadExact(json), fast);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryRead_EveryStringPropertiesOfTheTrace_FastAndSameAsExactPath()
    {
        using var file = new GZipStream(File.OpenRead(AiObsStream.TestKit.TestData.Path("h100-trace-a", "aoai-diagnostics.jsonl.gz")),
            CompressionMode.Decompress);
        using var text = new StreamReader(file);
        var seen = 0;
        while (text.ReadLine() is { } line)
        {
            using var body = JsonDocument.Parse(line);
            foreach (var record in body.RootElement.GetProperty("records").EnumerateArray())
            {
                if (record.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.String)
                {
                    var raw = properties.GetRawText()[1..^1];
                    var fast = ReadFast(raw);
                    Assert.NotNull(fast);
                    AssertSame(ReadExact(properties.GetString()!), fast);
                    seen++;
                }
            }
        }

        Assert.True(seen > 100, $"only {seen} string-valued properties in the trace");
    }
}
