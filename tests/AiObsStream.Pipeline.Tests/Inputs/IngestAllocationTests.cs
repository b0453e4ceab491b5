using System.Globalization;
using System.Text;
using AiObsStream.Pipeline.Inputs;

namespace AiObsStream.Pipeline.Tests.Inputs;

/// <summary>
/// Zero allocations per record on the ingest path in steady state: bodies routed, parsed and batched
/// (<see cref="UnitRouter"/> + <see cref="BatchBuilder"/>), and Prometheus lines parsed into batches as a file replay
/// does, allocate only per batch handed over (the batch object, its dead-letter list and its event buffer's shell; the
/// event array comes from a pool), a fixed number of bytes whatever the number of records in the batch.
/// </summary>
public class IngestAllocationTests
{
    private const int MaxBytesPerBatch = 512;

    [Fact]
    public void Bodies_SteadyState_AllocateAFixedAmountPerBatchAndNothingPerRecord()
    {
        var options = new InputOptions();
        using var router = new UnitRouter(options);
        var builder = new BatchBuilder("alloc", options);
        var body = Encoding.UTF8.GetBytes(AoaiBody(20));
        const int unitsPerBatch = 52; // 52 bodies of 20 records: the first unit that reaches 1,024 events ends a batch

        void Run(int units)
        {
            for (var u = 0; u < units; u++)
            {
                router.Accept(builder, body, u + 1);
                if (builder.IsFull)
                {
                    builder.Take().Events.Dispose();
                }
            }
        }

        var perBatch = SteadyPerBatch(() => Run(unitsPerBatch * 10), 10);
        var twenty = Least(() => Run(unitsPerBatch * 20));

        Assert.Equal(perBatch, twenty / 20);
        Assert.InRange(perBatch, 0, MaxBytesPerBatch);
    }

    [Fact]
    public void PrometheusLines_SteadyState_AllocateAFixedAmountPerBatchAndNothingPerRecord()
    {
        var options = new InputOptions();
        using var router = new UnitRouter(options);
        var builder = new BatchBuilder("alloc", options);
        var parser = router.Prometheus;
        var lines = Enumerable.Range(0, 64).Select(i => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"DCGM_FI_DEV_GPU_UTIL{{gpu=\"{i % 8}\",UUID=\"GPU-{i:D8}-df24\",Hostname=\"node-{i / 8:D4}\"}} {i % 100}.5 1795345957000"))).ToArray();
        long position = 0;

        void Run(int count)
        {
            for (var n = 0; n < count; n++)
            {
                var line = lines[n % lines.Length];
                var before = builder.Current.Events.Count;
                if (!parser.TryParseLine(line, 0, builder.Current.Events, out _))
                {
                    throw new InvalidOperationException("rejected");
                }

                builder.Accepted(before, ++position, line.Length);
                if (builder.IsFull)
                {
                    builder.Take().Events.Dispose();
                }
            }
        }

        const int linesPerBatch = 64; // BatchUnits: one line is one unit
        var perBatch = SteadyPerBatch(() => Run(linesPerBatch * 10), 10);
        var twenty = Least(() => Run(linesPerBatch * 20));

        Assert.Equal(perBatch, twenty / 20);
        Assert.InRange(perBatch, 0, MaxBytesPerBatch);
    }

    /// <summary>
    /// Bytes per batch once the path is warm: <paramref name="run"/> (<paramref name="batches"/> batches) is repeated
    /// until two runs in a row allocate the same (caches filled, pools stocked, the JIT's tier-up done), at most 50 times.
    /// </summary>
    private static long SteadyPerBatch(Action run, int batches)
    {
        var perBatch = -1L;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var now = Allocated(run) / batches;
            if (now == perBatch)
            {
                break;
            }

            perBatch = now;
        }

        return perBatch;
    }

    /// <summary>The least of five runs: a one-off allocation on the thread (a tier-up, a runtime buffer) is not the code's.</summary>
    private static long Least(Action run) => Enumerable.Range(0, 5).Min(_ => Allocated(run));

    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string AoaiBody(int records)
    {
        var sb = new StringBuilder("{\"records\":[");
        for (var i = 0; i < records; i++)
        {
            var props = """{"apiName":"Azure OpenAI API version 2024-10-21","requestTime":639309427573008224,"requestLength":817,"responseTime":639309427576922718,"responseLength":604,"objectId":"","streamType":"Streaming","modelDeploymentName":"chat-prod","modelName":"gpt-4o","modelVersion":"2024-08-06"}""";
            var value = i % 2 == 0 ? props : "\"" + props.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
            sb.Append(CultureInfo.InvariantCulture, $$"""{"Tenant":"eastus2","callerIpAddress":"10.20.0.***","category":"RequestResponse","correlationId":"{{i:x8}}-78e5-1061-7311-d8a3c2ce6f44","durationMs":391,"event":"ShoeboxCallResult","location":"eastus2","operationName":"ChatCompletions_Create","properties":{{value}},"resourceId":"/SUBSCRIPTIONS/4F1C2A7E/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI-PROD-EASTUS2","resultSignature":"200","time":"2026-11-22T11:12:37.6922718Z"}""");
            sb.Append(i + 1 < records ? "," : "]}");
        }

        return sb.ToString();
    }
}
