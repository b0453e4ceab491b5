using System.Text;
using System.Text.Json;
using AiObsStream.TestKit.Fuzz;

namespace AiObsStream.Formats.Tests.Fuzz;

public sealed class MutatorTests
{
    private static readonly byte[] Line = Encoding.UTF8.GetBytes(
        """{"timestamp": "2026-11-22T11:12:38.2045420Z", "level": "INFO", "request_id": "A-1", "status": 200, "latency_ms": 512.27}""");

    private static readonly byte[] Sample = Encoding.UTF8.GetBytes(
        """DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-3a6d",Hostname="aks-gpu-0",pod="chat-prod-7d9f"} 42 1795345957351""");

    [Fact]
    public void BitFlip_SameSeed_SameBytes()
    {
        Assert.Equal(new Mutator(7).BitFlip(Line).Bytes, new Mutator(7).BitFlip(Line).Bytes);
        Assert.NotEqual(new Mutator(7).BitFlip(Line).Bytes, new Mutator(8).BitFlip(Line).Bytes);
    }

    [Fact]
    public void BitFlip_ChangesExactlyOneBit()
    {
        var flipped = new Mutator(3).BitFlip(Line).Bytes;

        Assert.Equal(1, Line.Zip(flipped).Sum(p => int.PopCount(p.First ^ p.Second)));
    }

    [Fact]
    public void RemoveField_LeavesValidJsonWithoutTheField()
    {
        var removed = new Mutator(1).RemoveField(Line, "latency_ms")!.Bytes;

        using var doc = JsonDocument.Parse(removed);
        Assert.False(doc.RootElement.TryGetProperty("latency_ms", out _));
        Assert.Equal(200, doc.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public void DuplicateField_WritesTheFieldTwice()
    {
        var text = Encoding.UTF8.GetString(new Mutator(1).DuplicateField(Line, "status")!.Bytes);

        Assert.Equal(2, text.Split("\"status\": 200").Length - 1);
    }

    [Fact]
    public void ReplaceValue_HugeNumber_Is400Digits()
    {
        var text = Encoding.UTF8.GetString(new Mutator(1).ReplaceValue(Line, "latency_ms", Mutator.HugeDigits, MutationKind.HugeNumber)!.Bytes);

        Assert.Contains("\"latency_ms\": " + Mutator.HugeDigits + "}", text, StringComparison.Ordinal);
        Assert.Equal(400, Mutator.HugeDigits.Length);
    }

    [Fact]
    public void NestExtraField_NestsToTheRequestedDepth()
    {
        var text = Encoding.UTF8.GetString(new Mutator(1).NestExtraField(Line, "status", 100)!.Bytes);

        Assert.Contains("\"fz_nest\":" + new string('[', 100) + new string(']', 100) + ",\"status\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void InsertIntoString_StaysInsideTheValue()
    {
        var bytes = new Mutator(5).InsertIntoString(Line, "request_id", [0xFF], MutationKind.InvalidUtf8)!.Bytes;
        var at = Array.IndexOf(bytes, (byte)0xFF);

        Assert.InRange(at, Encoding.UTF8.GetString(Line).IndexOf("\"A-1\"", StringComparison.Ordinal) + 1,
            Encoding.UTF8.GetString(Line).IndexOf("\"A-1\"", StringComparison.Ordinal) + 4);
    }

    [Fact]
    public void MissingField_ReturnsNull()
    {
        Assert.Null(new Mutator(1).RemoveField(Line, "no_such_field"));
        Assert.Null(new Mutator(1).RemoveLabel(Sample, "no_such_label"));
    }

    [Fact]
    public void RemoveTimestamp_KeepsNameLabelsAndValue()
    {
        var text = Encoding.UTF8.GetString(new Mutator(1).RemoveTimestamp(Sample)!.Bytes);

        Assert.EndsWith("pod=\"chat-prod-7d9f\"} 42", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateLabel_And_RemoveLabel_EditTheLabelSet()
    {
        var duplicated = Encoding.UTF8.GetString(new Mutator(1).DuplicateLabel(Sample, "UUID")!.Bytes);
        var removed = Encoding.UTF8.GetString(new Mutator(1).RemoveLabel(Sample, "pod")!.Bytes);

        Assert.Contains("UUID=\"GPU-3a6d\",UUID=\"GPU-3a6d\",", duplicated, StringComparison.Ordinal);
        Assert.Contains("Hostname=\"aks-gpu-0\"} 42", removed, StringComparison.Ordinal);
    }
}
