using System.Text;
using System.Text.Json;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// Issue #10 §7 through the engine: a file of Event Hubs bodies with one mutated body (deterministic seeds: bit flips,
/// hostile bytes, truncation, digit runs, nesting). The input never fails or stops early, every unmutated body is
/// counted exactly once, and the mutated body is counted as the parser reads it or dead-lettered with a reason.
/// </summary>
public class JsonMutationEndToEndTests
{
    private const int Bodies = 12;
    private const int RecordsPerBody = 3;

    private static string Body(int b) => "{\"records\":[" + string.Join(',', Enumerable.Range(0, RecordsPerBody).Select(r =>
        $$"""{"category":"RequestResponse","correlationId":"c-{{b}}-{{r}}","durationMs":{{100 + r}},"operationName":"ChatCompletions_Create","properties":"{\"modelDeploymentName\":\"chat\",\"modelName\":\"gpt-4o\",\"modelVersion\":\"2024-08-06\"}","resourceId":"/R","resultSignature":"200","time":"2026-11-22T10:{{10 + b:00}}:{{10 + r:00}}.0000000Z"}""")) + "]}";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Run_OneMutatedBody_OthersCountedOnceMutatedCountedOrDeadLettered(int seed)
    {
        var random = new Random(seed);
        var lines = Enumerable.Range(0, Bodies).Select(b => Encoding.UTF8.GetBytes(Body(b))).ToList();
        var victim = Bodies - 1; // last, so that a mutated time cannot make later bodies late
        lines[victim] = Mutate(lines[victim], random);
        var expectedFromVictim = ParsedAlone(lines[victim]);

        var dir = Path.Combine(Path.GetTempPath(), "aiobs-mut-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "in.jsonl");
        await File.WriteAllBytesAsync(path, lines.SelectMany(l => l.Append((byte)'\n')).ToArray());
        var outDir = Path.Combine(dir, "out");
        RunSummary summary;
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            summary = await new StreamEngine(new EngineOptions { Partitions = 2 }).RunAsync([path], sink, CancellationToken.None);
        }

        var input = Assert.Single(summary.Inputs);
        Assert.Null(input.Failure);
        Assert.Equal(Bodies, input.Units);
        var dead = Read(outDir, "deadletter.jsonl");
        Assert.All(dead, d =>
        {
            Assert.Equal(victim + 1, d.GetProperty("Position").GetInt64()); // line numbers are 1-based
            Assert.False(string.IsNullOrEmpty(d.GetProperty("Message").GetString()));
        });
        var late = dead.Count(d => d.GetProperty("Reason").GetString() == "late");
        var requests = Read(outDir, "metrics.jsonl").Where(r => r.GetProperty("Metric").GetString() == "requests")
            .Sum(r => r.GetProperty("Count").GetInt64());
        Assert.Equal(((Bodies - 1) * RecordsPerBody) + expectedFromVictim, requests + late);
    }

    private static int ParsedAlone(byte[] unit)
    {
        using var parser = new EventHubsBodyParser();
        using var buffer = new EventBuffer(8);
        var rejects = new List<ParseError>();
        if (!parser.TryParse(unit, buffer, rejects, out _))
        {
            return 0;
        }

        var seen = new HashSet<ulong>();
        var n = 0;
        foreach (var e in buffer.Span)
        {
            // The engine counts a duplicate (same correlation id) once.
            n += e.Kind == EventKind.Request && (e.DedupKey == 0 || seen.Add(e.DedupKey)) ? 1 : 0;
        }

        return n;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        byte[] hostile = [0x00, 0x22, 0x5C, 0x7B, 0x80, 0xC3, 0xFF, 0x39];
        var bytes = new List<byte>(seed);
        var at = random.Next(bytes.Count);
        switch (random.Next(5))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                bytes.Insert(at, hostile[random.Next(hostile.Length)]);
                break;
            case 2:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 3:
                bytes.InsertRange(at, Enumerable.Repeat((byte)'9', random.Next(20, 400)));
                break;
            default:
                bytes.InsertRange(at, Enumerable.Repeat((byte)'[', random.Next(30, 100)));
                break;
        }

        return [.. bytes.Where(b => b != (byte)'\n')];
    }

    private static List<JsonElement> Read(string dir, string file)
    {
        var path = Path.Combine(dir, file);
        return File.Exists(path) ? File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList() : [];
    }
}
