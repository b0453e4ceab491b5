using System.IO.Compression;
using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>
/// The fast parse path (FastJsonGrammar + FastRecordReader) against the exact Utf8JsonReader path: identical events,
/// rejects and failures on every unit of the H100 trace and on mutated real units. The fast path may decline, never
/// disagree.
/// </summary>
public class FastRecordReaderTests
{
    private static readonly string[] Bodies =
    [
        "h100-trace-a/aoai-diagnostics.jsonl.gz", "h100-trace-a/appinsights-dependencies.jsonl.gz",
        "h100-trace-a-dirty/aoai-diagnostics.jsonl.gz", "h100-trace-a-dirty/appinsights-dependencies.jsonl.gz",
    ];

    private static readonly string[] Logs = ["h100-trace-a/requests.jsonl.gz", "h100-trace-a-dirty/requests.jsonl.gz"];

    private static readonly byte[][] Inserts =
    [
        .. new[]
        {
            " ", "\t", "\n", "\r\n", "\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "\\u0022", "\\ud800", "\\uDC00x", "\\x",
            "\u00e9", "\u20ac", "\U0001F600", "1e5", "-", ".5", "0", "null", "true", ",", ":", "{", "}", "[", "]", "\"",
            "{\"a\":[1,{\"b\":null}]}", "\"properties\":{}", "\"time\":1", "\"category\":\"Audit\"",
        }.Select(Encoding.UTF8.GetBytes),
        [0x00], [0x1F], [0x7F], [0x80], [0xC3], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF],
    ];

    private static readonly Lazy<byte[][]> BodyUnits = new(() => [.. Bodies.SelectMany(Units), .. Bodies.SelectMany(SmallBodies)]);
    private static readonly Lazy<byte[][]> LogUnits = new(() => [.. Logs.SelectMany(Units)]);

    [Theory]
    [InlineData("h100-trace-a/aoai-diagnostics.jsonl.gz", 251)]
    [InlineData("h100-trace-a/appinsights-dependencies.jsonl.gz", 201)]
    [InlineData("h100-trace-a-dirty/aoai-diagnostics.jsonl.gz", 276)]
    [InlineData("h100-trace-a-dirty/appinsights-dependencies.jsonl.gz", 216)]
    public void TryParse_EveryTraceBody_FastMatchesExact(string file, int minFast)
    {
        using var fast = new EventHubsBodyParser();
        using var exact = new EventHubsBodyParser { UseFastPath = false };

        foreach (var unit in Units(file))
        {
            Assert.Equal(Run(exact, unit), Run(fast, unit));
        }

        Assert.Equal(exact.IgnoredRecords, fast.IgnoredRecords);
        Assert.Equal(0, exact.FastPathUnits);
        Assert.True(fast.FastPathUnits >= minFast, $"fast path took {fast.FastPathUnits} units");
    }

    [Theory]
    [InlineData("h100-trace-a/requests.jsonl.gz", 5013)]
    [InlineData("h100-trace-a-dirty/requests.jsonl.gz", 5013)]
    public void TryParse_EveryTraceLogLine_FastMatchesExact(string file, int minFast)
    {
        using var fast = new StructuredLogParser();
        using var exact = new StructuredLogParser { UseFastPath = false };

        foreach (var unit in Units(file))
        {
            Assert.Equal(Run(exact, unit), Run(fast, unit));
        }

        Assert.Equal(0, exact.FastPathUnits);
        Assert.True(fast.FastPathUnits >= minFast, $"fast path took {fast.FastPathUnits} lines");
    }

    [Fact]
    public void TryParse_MutatedTraceUnits_FastNeverDisagreesWithExact()
    {
        using var fastBodies = new EventHubsBodyParser();
        using var exactBodies = new EventHubsBodyParser { UseFastPath = false };
        using var fastLogs = new StructuredLogParser();
        using var exactLogs = new StructuredLogParser { UseFastPath = false };
        var gen = from isLog in Gen.Elements(false, true)
                  from unit in Gen.Choose(0, int.MaxValue)
                  from edits in Gen.ListOf(from kind in Gen.Choose(0, 4)
                                           from at in Gen.Choose(0, int.MaxValue)
                                           from value in Gen.Choose(0, 255)
                                           select (kind, at, value))
                  select (isLog, unit, edits);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var units = input.isLog ? LogUnits.Value : BodyUnits.Value;
            var bytes = units[input.unit % units.Length].ToList();
            foreach (var (kind, at, value) in input.edits.Take(4))
            {
                Mutate(bytes, kind, at, value);
            }

            var unit = bytes.ToArray();
            var (exact, fast) = input.isLog
                ? (Run(exactLogs, unit), Run(fastLogs, unit))
                : (Run(exactBodies, unit), Run(fastBodies, unit));
            Assert.True(exact == fast, $"exact:\n{exact}\nfast:\n{fast}\nunit:\n{Encoding.UTF8.GetString(unit)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(5000));
        Assert.True(fastBodies.FastPathUnits > 0 && fastLogs.FastPathUnits > 0);
        Assert.Equal(exactBodies.IgnoredRecords, fastBodies.IgnoredRecords);
    }

    [Theory]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","operationName":"x"}]}""", true)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit",}]}""", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit"}],}""", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","x":01}]}""", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","x":"\u00e9"}]}""", true)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","x":"\ud800"}]}""", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Aud\u0069t"}]}""", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit"}]} x""", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Nope"}]}""", true)]
    [InlineData("""{"records":[]}""", true)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","properties":"{\"m\":\"a\"}"}]}""", true)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","properties":"{\"m\":\"a"b\"}"}]}""", false)]
    [InlineData("{\"records\":[{\"time\":\"2024-01-01T00:00:00Z\",\"category\":\"Audit\",\"properties\":\"{\\\"m\\\":\\\"a\u0001b\\\"}\"}]}", false)]
    [InlineData("""{"other":1}""", false)]

    // The member separator shortcut (a comma then a quote) and its neighbours: spaces and line breaks around the comma,
    // a trailing comma, a comma at the very end, a comma followed by something that is not a name.
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z" ,"category":"Audit", "operationName":"x"}]}""", true)]
    [InlineData("{\"records\":[{\"time\":\"2024-01-01T00:00:00Z\",\n\"category\":\"Audit\",\r\n\t\"x\":1}]}", true)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","x":1,}]}""", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","x":1,""", false)]
    [InlineData("{\"records\":[{\"time\":\"2024-01-01T00:00:00Z\",\"category\":\"Audit\",\"x\":1,\"", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","x":1,1:2}]}""", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","x":1,,"y":2}]}""", false)]

    // The text shortcut (a string value read without TryScalar): escapes, non-ASCII, a raw control byte, a truncated
    // string, and the non-string spellings that still go through TryScalar.
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","operationName":"a\"b"}]}""", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","operationName":"café € 😀"}]}""", true)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","operationName":""}]}""", true)]
    [InlineData("{\"records\":[{\"time\":\"2024-01-01T00:00:00Z\",\"category\":\"Audit\",\"operationName\":\"a\u0001b\"}]}", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","operationName":"abc""", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","operationName":12}]}""", false)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","correlationId":12.5}]}""", true)]
    [InlineData("""{"records":[{"time":"2024-01-01T00:00:00Z","category":"Audit","correlationId":true}]}""", true)]
    public void TryParse_EdgeBodies_FastMatchesExact(string json, bool fastTakesIt)
    {
        using var fast = new EventHubsBodyParser();
        using var exact = new EventHubsBodyParser { UseFastPath = false };
        var unit = Encoding.UTF8.GetBytes(json);

        Assert.Equal(Run(exact, unit), Run(fast, unit));
        Assert.Equal(fastTakesIt ? 1 : 0, fast.FastPathUnits);
    }

    [Theory]
    [InlineData("444", 1)]
    [InlineData("9", 1)]
    [InlineData("444 ", 1)]
    [InlineData("123456789012345", 1)] // 15 digits: the plain-integer shortcut's limit
    [InlineData("1234567890123456", 0)] // 16: past TryParseDecimal's 15, the exact path reads it
    [InlineData("0", 1)]
    [InlineData("007", 0)] // a leading zero is not JSON
    [InlineData("444.5", 1)]
    [InlineData("444.", 0)]
    [InlineData("444e2", 0)]
    [InlineData("444E2", 0)]
    [InlineData("-5", -1)] // implausible: rejected the same way on both paths
    [InlineData("86400001", -1)]
    [InlineData("4x", 0)]
    public void TryParse_DurationSpellings_FastMatchesExact(string duration, int fastTakesIt)
    {
        // durationMs at the top level and requestLength inside properties, as an object and as a string-encoded object.
        foreach (var properties in new[] { $$"""{"modelDeploymentName":"d","requestLength":{{duration}}}""", $$"""
            "{\"modelDeploymentName\":\"d\",\"requestLength\":{{duration}}}"
            """.Trim() })
        {
            var json = $$"""{"records":[{"time":"2026-11-22T11:12:38Z","category":"RequestResponse","operationName":"ChatCompletions_Create","durationMs":{{duration}},"resultSignature":"200","properties":{{properties}}}]}""";
            using var fast = new EventHubsBodyParser();
            using var exact = new EventHubsBodyParser { UseFastPath = false };
            var unit = Encoding.UTF8.GetBytes(json);

            Assert.Equal(Run(exact, unit), Run(fast, unit));
            if (fastTakesIt >= 0)
            {
                Assert.Equal(fastTakesIt, fast.FastPathUnits);
            }
        }
    }

    private static void Mutate(List<byte> bytes, int kind, int at, int value)
    {
        var i = bytes.Count == 0 ? 0 : at % (bytes.Count + 1);
        switch (kind)
        {
            case 0 when i < bytes.Count:
                bytes[i] = (byte)value; // byte flip
                break;
            case 1:
                bytes.RemoveRange(i, bytes.Count - i); // truncation
                break;
            case 2:
                bytes.InsertRange(i, Inserts[value % Inserts.Length]); // escapes, whitespace, unicode, structure
                break;
            case 3 when i < bytes.Count:
                bytes.RemoveAt(i);
                break;
            case 4: // inside a string-encoded properties: right after one of its \" escapes
                var escapes = Enumerable.Range(0, bytes.Count).Where(j => bytes[j] == (byte)'\\').ToArray();
                if (escapes.Length > 0)
                {
                    bytes.InsertRange(Math.Min(bytes.Count, escapes[at % escapes.Length] + 2), Inserts[value % Inserts.Length]);
                }

                break;
        }
    }

    private static string Run(IUnitParser parser, byte[] unit)
    {
        using var buffer = new EventBuffer(4);
        var rejects = new List<ParseError>();
        try
        {
            var ok = parser.TryParse(unit, buffer, rejects, out var failure);
            var text = new StringBuilder().Append(ok).Append(' ').Append(failure).Append('\n');
            foreach (var e in buffer.Span)
            {
                text.Append(Describe(e)).Append('\n');
            }

            foreach (var r in rejects)
            {
                text.Append(r).Append('\n');
            }

            return text.ToString();
        }
        catch (InvalidOperationException ex)
        {
            return "threw " + ex.GetType().Name; // the exact path's own behaviour; the fast path must do the same
        }
    }

    /// <summary>Every field of an event (doubles by their bits, so NaN and -0 compare exactly).</summary>
    private static string Describe(in TelemetryEvent e) => string.Join('|',
        e.TimeUnixMs, Dims(e.Dims), e.Kind, e.DedupKey, e.Status, e.Success,
        Bits(e.LatencyMs), Bits(e.TtftMs), Bits(e.QueueMs), Bits(e.PromptTokens), Bits(e.CompletionTokens), e.Metric,
        Bits(e.Value), Bits(e.Count), Bits(e.Min), Bits(e.Max), e.Origin, e.Detail);

    private static string Dims(SeriesDims d) => string.Join('/', d.Source, d.Deployment, d.ModelName, d.ModelVersion,
        d.Operation, d.Resource, d.Host, d.Gpu, System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(d));

    private static long Bits(double d) => BitConverter.DoubleToInt64Bits(d);

    /// <summary>
    /// One-record bodies cut from the first bodies of a file, so that random edits land in keys, values and
    /// properties strings much more often than in a 15 kB body.
    /// </summary>
    private static IEnumerable<byte[]> SmallBodies(string file)
    {
        foreach (var body in Units(file).Take(3))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("records", out var records)
                || records.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                continue;
            }

            foreach (var record in records.EnumerateArray().Take(6))
            {
                yield return Encoding.UTF8.GetBytes("{\"records\":[" + record.GetRawText() + "]}");
            }
        }
    }

    private static IEnumerable<byte[]> Units(string file)
    {
        using var gz = new GZipStream(File.OpenRead(TestKit.TestData.Path(file.Split('/'))), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gz.CopyTo(memory);
        var all = memory.ToArray();
        var units = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= all.Length; i++)
        {
            if (i == all.Length || all[i] == (byte)'\n')
            {
                if (i > start)
                {
                    units.Add(all[start..i]);
                }

                start = i + 1;
            }
        }

        return units;
    }
}
