using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Prometheus;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Prometheus;

/// <summary>
/// The parser reuses the parse of a label set it saw recently (<see cref="ParsedLabelSetCache"/>): a long-lived parser
/// must read every line exactly as a fresh parser (empty cache) reads it, in any order of lines.
/// </summary>
public class ParsedLabelSetCacheTests
{
    private const long ScrapeMs = 1_795_345_957_000;

    /// <summary>Label sets that share prefixes, escapes, blanks, trailing commas, and bad sets after good ones.</summary>
    private static readonly string[] LabelSets =
    [
        "{gpu=\"0\",UUID=\"GPU-0\",Hostname=\"node-a\"}",
        "{gpu=\"1\",UUID=\"GPU-1\",Hostname=\"node-a\"}",
        "{gpu=\"1\",UUID=\"GPU-1\",Hostname=\"node-ab\"}",
        "{gpu=\"1\",UUID=\"GPU-1\",Hostname=\"node-a\",pod=\"chat-7d9f8b6c5-x2x9q\"}",
        "{gpu=\"1\",UUID=\"GPU-1\",Hostname=\"node-a\",}",
        "{gpu=\"2\",UUID=\"GPU-2\",Hostname=\"a\\\\b\\\"c\\nd\"}",
        "{ gpu = \"3\" , UUID=\"GPU-3\" }",
        "{gpu=\"0\",gpu=\"1\"}",
        "{gpu=\"0\",UUID=\"GPU-0\",Hostname=\"node-a\"",
        "{gpu=\"0\",UUID=\"GPU-0\",Hostname=\"bad\\q\"}",
        "{gpu=\"4\",UUID=\"GPU-4\",err_code=\"79\",Hostname=\"node-b\"}",
        "{}",
        string.Empty,
    ];

    /// <summary>DCGM families, one of them with the XID error code that the mapper keeps per label set.</summary>
    private static readonly string[] Families = ["DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_XID_ERRORS", "DCGM_FI_DEV_FB_USED"];

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(20)]
    public void TryParseLine_FamilyMajorExposition_SameAsFreshParser(int gpus)
    {
        // dcgm-exporter order: each family lists every GPU in the same order (more GPUs than slots: every set misses).
        var lines = new List<string>();
        foreach (var family in Families)
        {
            for (var gpu = 0; gpu < gpus; gpu++)
            {
                lines.Add($"{family}{{gpu=\"{gpu}\",UUID=\"GPU-{gpu}\",Hostname=\"node-a\"}} {gpu + 1} 1795345957000");
            }
        }

        AssertSameAsFresh(lines);
    }

    [Fact]
    public void TryParseLine_EveryOrderOfTrickyLabelSets_SameAsFreshParser()
    {
        var lines = new List<string>();
        foreach (var first in LabelSets)
        {
            foreach (var second in LabelSets)
            {
                lines.Add("DCGM_FI_DEV_GPU_UTIL" + first + " 87 1795345957000");
                lines.Add("DCGM_FI_DEV_FB_USED" + second + " 12 1795345957000");
                lines.Add("DCGM_FI_DEV_XID_ERRORS" + first + " 79");
            }
        }

        AssertSameAsFresh(lines);
    }

    [Fact]
    public void TryParseLine_RandomSequencesOfLines_SameAsFreshParser()
    {
        var line = from set in Gen.Elements(LabelSets)
                   from family in Gen.Elements(Families)
                   from value in Gen.Elements("87", "0", "x", "NaN", "12.5")
                   from tail in Gen.Elements(string.Empty, " 1795345957000", " 17953x")
                   select family + set + " " + value + tail;
        Prop.ForAll(Arb.From(Gen.ListOf(line)), lines =>
        {
            AssertSameAsFresh(lines);
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryParseLine_OpenMetricsRepeatedLabelSetWithExemplar_SameLabelsEveryLine()
    {
        var parser = new PrometheusTextParser { Dialect = PrometheusDialect.OpenMetrics };
        using var output = new EventBuffer();
        foreach (var text in new[]
        {
            "# TYPE DCGM_FI_DEV_XID_ERRORS counter",
            "DCGM_FI_DEV_XID_ERRORS_total{gpu=\"0\",UUID=\"GPU-0\",Hostname=\"node-a\",err_code=\"79\"} 1 1795345957.0 # {trace_id=\"abc\"} 1",
            "DCGM_FI_DEV_XID_ERRORS_total{gpu=\"0\",UUID=\"GPU-0\",Hostname=\"node-a\",err_code=\"79\"} 2 1795345958.0",
        })
        {
            Assert.True(parser.TryParseLine(Encoding.UTF8.GetBytes(text), ScrapeMs, output, out var failure), failure.Message);
        }

        Assert.Equal(2, output.Count);
        foreach (var e in output.Span.ToArray())
        {
            Assert.Equal("GPU-0", e.Dims.Gpu);
            Assert.Equal("node-a", e.Dims.Host);
            Assert.Equal("79", e.Detail);
        }
    }

    /// <summary>Parses every line with one parser and with a fresh parser each, and asserts the same outcome.</summary>
    private static void AssertSameAsFresh(IEnumerable<string> lines)
    {
        var shared = new PrometheusTextParser { Dialect = PrometheusDialect.Text004 };
        using var sharedOutput = new EventBuffer();
        using var freshOutput = new EventBuffer();
        foreach (var text in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            sharedOutput.Clear();
            freshOutput.Clear();
            var ok = shared.TryParseLine(bytes, ScrapeMs, sharedOutput, out var failure);
            var fresh = new PrometheusTextParser { Dialect = PrometheusDialect.Text004 };
            var freshOk = fresh.TryParseLine(bytes, ScrapeMs, freshOutput, out var freshFailure);
            Assert.True(ok == freshOk, text);
            Assert.Equal(freshFailure.Reason, failure.Reason);
            Assert.Equal(freshFailure.Message, failure.Message);
            Assert.Equal(freshFailure.ByteOffset, failure.ByteOffset);
            Assert.Equal(freshOutput.Count, sharedOutput.Count);
            for (var i = 0; i < sharedOutput.Count; i++)
            {
                var (a, b) = (sharedOutput.Span[i], freshOutput.Span[i]);
                Assert.Same(b.Dims, a.Dims); // both intern into DimsPool.Shared
                Assert.Equal(b.Metric, a.Metric);
                Assert.Equal(b.Value, a.Value);
                Assert.Equal(b.TimeUnixMs, a.TimeUnixMs);
                Assert.Equal(b.Detail, a.Detail);
            }
        }
    }
}
