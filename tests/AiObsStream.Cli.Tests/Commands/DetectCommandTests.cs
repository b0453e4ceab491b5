using System.CommandLine;
using AiObsStream.Cli.Commands;

namespace AiObsStream.Cli.Tests.Commands;

public sealed class DetectCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-detect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Conformance(string name) => AiObsStream.TestKit.TestData.Path("srcnn-conformance", name);

    private static (int Code, string Out, string Err) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = DetectCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static List<string[]> ReadRows(string path) =>
        [.. File.ReadAllLines(path).Skip(1).Select(l => l.Split(','))];

    [Fact]
    public void Detect_StreamMlNetCase_FlagsOnlyIndex20()
    {
        string output = Path.Combine(_dir, "out.csv");

        var (code, _, err) = Invoke("--input", Conformance("anomaly_detection.csv"), "--mode", "stream", "--window", "16",
            "--judgement", "8", "--threshold", "0.35", "--out", output);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, err);
        Assert.Equal("Index,Value,IsAnomaly,RawScore,Mag", File.ReadLines(output).First());
        List<string[]> rows = ReadRows(output);
        Assert.Equal(26, rows.Count);
        Assert.All(rows, r => Assert.Equal(r[0] == "20" ? "1" : "0", r[2]));
    }

    [Fact]
    public void Detect_BatchMarginWithTimestamp_WritesAllColumns()
    {
        string input = Path.Combine(_dir, "in.csv");
        string[] lines = File.ReadAllLines(Conformance("anomaly_detection.csv"));
        File.WriteAllLines(input, ["timestamp,Value", .. lines.Skip(1).Where(l => l.Length > 0).Select((l, i) => $"t{i},{l}")]);
        string output = Path.Combine(_dir, "out.csv");

        var (code, _, _) = Invoke("--input", input, "--mode", "batch", "--batch-size", "-1", "--threshold", "0.35",
            "--sensitivity", "98", "--detect-mode", "margin", "--out", output);

        Assert.Equal(0, code);
        Assert.Equal("Index,Timestamp,Value,IsAnomaly,RawScore,Mag,ExpectedValue,BoundaryUnit,UpperBoundary,LowerBoundary",
            File.ReadLines(output).First());
        string[] row20 = ReadRows(output)[20];
        Assert.Equal("t20", row20[1]);
        Assert.Equal("1", row20[3]);
        Assert.Equal(5.0, double.Parse(row20[6], System.Globalization.CultureInfo.InvariantCulture), 2);
    }

    [Fact]
    public void Detect_BatchAnomalyOnly_BatchColumnsEmpty()
    {
        string output = Path.Combine(_dir, "out.csv");

        var (code, _, _) = Invoke("--input", Conformance("big_spike_data.csv"), "--mode", "batch", "--batch-size", "-1",
            "--sensitivity", "80", "--out", output);

        Assert.Equal(0, code);
        List<string[]> rows = ReadRows(output);
        Assert.Equal("1", rows[26][2]);
        Assert.All(rows, r => Assert.Equal(["", "", "", ""], r[5..]));
    }

    [Theory]
    [InlineData("--window", "3", "--lookahead")]
    [InlineData("--threshold", "1.5", "--threshold")]
    [InlineData("--mode", "fast", "--mode")]
    [InlineData("--detect-mode", "all", "--detect-mode")]
    [InlineData("--window", "abc", "--window")]
    public void Detect_InvalidArgument_ExitCode1NamingOption(string option, string value, string named)
    {
        var (code, _, err) = Invoke("--input", Conformance("anomaly_detection.csv"), option, value, "--out", Path.Combine(_dir, "o.csv"));

        Assert.Equal(1, code);
        Assert.Contains(named, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_BatchSizeTooSmall_ExitCode1NamingOption()
    {
        var (code, _, err) = Invoke("--input", Conformance("anomaly_detection.csv"), "--mode", "batch", "--batch-size", "5",
            "--out", Path.Combine(_dir, "o.csv"));

        Assert.Equal(1, code);
        Assert.Contains("--batch-size: Must be -1 or no less than 12.", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ModelGiven_ReportsCnnNotAvailable()
    {
        var (code, _, err) = Invoke("--input", Conformance("anomaly_detection.csv"), "--model", "m.onnx", "--out", Path.Combine(_dir, "o.csv"));

        Assert.Equal(1, code);
        Assert.Contains("CNN stage not available yet", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_BadRow_ReportsLine()
    {
        string input = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(input, "Value\n1\n2\nx\n");

        var (code, _, err) = Invoke("--input", input, "--out", Path.Combine(_dir, "o.csv"));

        Assert.Equal(1, code);
        Assert.Contains("line 4: 'x' in column 'Value' is not a number", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_BatchTooShort_ExitCode2()
    {
        string input = Path.Combine(_dir, "short.csv");
        File.WriteAllText(input, "Value\n1\n2\n3\n");

        var (code, _, err) = Invoke("--input", input, "--mode", "batch", "--out", Path.Combine(_dir, "o.csv"));

        Assert.Equal(2, code);
        Assert.Contains("no less than 12 points", err, StringComparison.Ordinal);
    }
}
