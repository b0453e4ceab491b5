using System.Text;

namespace AiObsStream.Formats.Tests;

public class FormatSnifferTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Theory]
    [InlineData("{\"records\":[", InputFormat.EventHubsJson)]
    [InlineData("  \r\n{ \"Records\" : [", InputFormat.EventHubsJson)]
    [InlineData("[ {\"records\":[]}]", InputFormat.EventHubsJson)]
    [InlineData("{\"rec", InputFormat.EventHubsJson)]
    [InlineData("{\"recordsX\":1}", InputFormat.StructuredLog)]
    [InlineData("{\"timestamp\": \"2026\"", InputFormat.StructuredLog)]
    [InlineData("# HELP DCGM_FI_DEV_GPU_UTIL", InputFormat.Prometheus)]
    [InlineData("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 1", InputFormat.Prometheus)]
    [InlineData("[1,2]", InputFormat.Unknown)]
    [InlineData("", InputFormat.Unknown)]
    [InlineData("42", InputFormat.Unknown)]
    public void Detect_Head_Format(string head, InputFormat expected)
    {
        Assert.Equal(expected, FormatSniffer.Detect(B(head)));
    }

    [Fact]
    public void Detect_Utf8Bom_Skipped()
    {
        Assert.Equal(InputFormat.EventHubsJson, FormatSniffer.Detect([0xEF, 0xBB, 0xBF, .. B("{\"records\":[]}")]));
    }

    [Theory]
    [InlineData("{\"records\":[]}\n{\"records\":[]}\n", false)]
    [InlineData("{\"records\":[]}", false)]
    [InlineData("{\n  \"records\": [\n    {\"time\":\"x\"}\n  ]\n}\n", true)]
    [InlineData("[\n{\"records\":[]},\n{\"records\":[]}\n]", true)]
    [InlineData("{\"records\":[{\"ti\n{\"records\":[]}\n", false)]
    public void IsSingleDocument_Head_TellsDocumentFromJsonl(string head, bool expected)
    {
        Assert.Equal(expected, FormatSniffer.IsSingleDocument(B(head)));
    }
}
