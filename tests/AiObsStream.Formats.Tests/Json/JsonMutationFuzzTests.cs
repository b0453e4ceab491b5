using System.Text;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>
/// Issue #10 §7: deterministic mutation fuzzing of the JSON parsers (bit flips, byte inserts of hostile bytes,
/// truncations, digit runs, nesting), on both paths. No mutation may throw; every reject carries a reason and a
/// message; every accepted event holds only plausible numbers.
/// </summary>
public class JsonMutationFuzzTests
{
    private static readonly string[] Seeds =
    [
        """{"records":[{"category":"RequestResponse","correlationId":"c1","durationMs":102,"operationName":"ChatCompletions_Create","properties":"{\"apiName\":\"Azure OpenAI API version 2024-02-15-preview\",\"requestTime\":638481757794854611,\"responseTime\":638481757795877942,\"modelDeploymentName\":\"gpt-chat\",\"promptTokens\":12}","resourceId":"/SUBSCRIPTIONS/X/ACCOUNTS/A","resultSignature":"200","time":"2024-04-08T12:23:02.4350000Z"}]}""",
        """{"records":[{"count":5,"total":500,"minimum":100,"maximum":100,"resourceId":"/S","time":"2023-12-12T12:11:00.0000000Z","metricName":"Availability","timeGrain":"PT1M","ApiName":"RenewBlobLease","average":100}]}""",
        """{"records":[{"time":"2024-05-24T12:23:02Z","Type":"AppDependencies","OperationId":"o1","Id":"i1","Name":"chat gpt-4o","Success":true,"ResultCode":"200","DurationMs":231.5,"Properties":{"gen_ai.request.model":"gpt-4o","gen_ai.usage.input_tokens":"40"}},{"time":"2024-05-24T12:23:03Z","Type":"AppTraces","OperationId":"o1","Properties":{"gen_ai.evaluation.name":"relevance","gen_ai.evaluation.score.value":"4"}}]}""",
        """{"records":[{"time":"2024-05-24T12:23:02Z","Type":"AppExceptions","OperationName":"POST /chat","ProblemId":"System.Exception","Properties":{"a":"b"}},{"time":"2024-05-24T12:23:02Z","Type":"AppPerformanceCounters","Category":"Processor","Name":"% Processor Time","Value":12.5}]}""",
    ];

    private static readonly byte[] Hostile = [0x00, 0x1F, 0x22, 0x5C, 0x7B, 0x5B, 0x80, 0xC3, 0xED, 0xFF, 0x2D, 0x65, 0x39];

    [Fact]
    public void TryParse_MutatedBodies_NeverThrowAndRejectWithMessage()
    {
        var random = new Random(20261202);
        for (var i = 0; i < 3000; i++)
        {
            var seed = Encoding.UTF8.GetBytes(Seeds[i % Seeds.Length]);
            var unit = Mutate(seed, random);
            foreach (var fast in new[] { true, false })
            {
                using var parser = new EventHubsBodyParser { UseFastPath = fast };
                Check(ParseRun.Of(parser, unit));
            }

            using var log = new StructuredLogParser();
            Check(ParseRun.Of(log, unit));
        }
    }

    private static void Check(ParseRun run)
    {
        if (!run.Accepted)
        {
            Assert.False(string.IsNullOrEmpty(run.Failure.Message));
            Assert.Empty(run.Events);
        }

        Assert.All(run.Rejects, r => Assert.False(string.IsNullOrEmpty(r.Message)));
        foreach (var e in run.Events)
        {
            Assert.True(double.IsNaN(e.LatencyMs) || e.LatencyMs is >= 0 and <= 86_400_000, "latency " + e.LatencyMs);
            Assert.True(double.IsNaN(e.PromptTokens) || e.PromptTokens is >= 0 and <= 1e8, "prompt " + e.PromptTokens);
            Assert.True(double.IsNaN(e.Value) || Math.Abs(e.Value) <= 1e18, "value " + e.Value);
            Assert.InRange(e.Status, 0, 599);
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, Hostile[random.Next(Hostile.Length)]);
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at); // truncation
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Repeat((byte)'9', random.Next(20, 400)));
                    break;
                case 4:
                    bytes.InsertRange(at, Enumerable.Repeat((byte)'[', random.Next(30, 200)));
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return [.. bytes];
    }
}
