using System.CommandLine;
using AiObsStream.Cli.Commands;

namespace AiObsStream.Cli.Tests.Commands;

public sealed class DetectCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-detect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Conformance(string name) => AiObsStream.TestKit.TestData.Path("srcnn-conformance", name);

    private static (int Code, string Out, string Err) Invoke(params string[] args) => CommandInvocation.Invoke(DetectCommand.Create(), args);

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

    private static string TrainedModel => Path.Combine(AiObsStream.TestKit.TestData.RepoRoot, "models", "srcnn", "srcnn-w64.bin");

    private string SineWithSpike(int spikeAt)
    {
        string input = Path.Combine(_dir, "sine.csv");
        var lines = new List<string> { "Value" };
        for (int i = 0; i < 400; i++)
        {
            double v = 100 + (10 * Math.Sin(2 * Math.PI * i / 24)) + (i == spikeAt ? 60 : 0);
            lines.Add(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }

        File.WriteAllLines(input, lines);
        return input;
    }

    [Fact]
    public void Detect_StreamWithModel_RunsSrCnnAndFlagsOnlyTheSpike()
    {
        string output = Path.Combine(_dir, "out.csv");

        var (code, stdout, err) = Invoke("--input", SineWithSpike(300), "--mode", "stream", "--model", TrainedModel, "--out", output);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, err);
        Assert.StartsWith("1 anomalies in 400 points", stdout, StringComparison.Ordinal);
        Assert.Equal("Index,Value,IsAnomaly,RawScore,Mag", File.ReadLines(output).First());
        List<string[]> rows = ReadRows(output);
        Assert.All(rows, r => Assert.Equal(r[0] == "300" ? "1" : "0", r[2]));
        Assert.True(double.Parse(rows[300][3], System.Globalization.CultureInfo.InvariantCulture) > 0.9);
    }

    [Fact]
    public void Detect_ModelWithExplicitThreshold_UsesIt()
    {
        string output = Path.Combine(_dir, "out.csv");

        var (code, _, _) = Invoke("--input", SineWithSpike(300), "--model", TrainedModel, "--threshold", "0.0001", "--out", output);

        Assert.Equal(0, code);
        Assert.True(ReadRows(output).Count(r => r[2] == "1") > 100);
    }

    [Fact]
    public void Detect_ModelFileInvalid_ReportsWhy()
    {
        string model = Path.Combine(_dir, "m.bin");
        File.WriteAllBytes(model, [1, 2, 3]);

        var (code, _, err) = Invoke("--input", Conformance("anomaly_detection.csv"), "--model", model, "--out", Path.Combine(_dir, "o.csv"));

        Assert.Equal(1, code);
        Assert.Contains("--model: SR-CNN weights", err, StringComparison.Ordinal);
        Assert.Contains("truncated header", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ModelMissing_Exit1()
    {
        var (code, _, err) = Invoke("--input", Conformance("anomaly_detection.csv"), "--model", Path.Combine(_dir, "none.bin"), "--out", Path.Combine(_dir, "o.csv"));

        Assert.Equal(1, code);
        Assert.StartsWith("--model:", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ModelWithBatchMode_Exit1()
    {
        var (code, _, err) = Invoke("--input", Conformance("anomaly_detection.csv"), "--mode", "batch", "--model", TrainedModel, "--out", Path.Combine(_dir, "o.csv"));

        Assert.Equal(1, code);
        Assert.Contains("streaming only", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ModelWindowMismatch_Exit1()
    {
        var (code, _, err) = Invoke("--input", Conformance("anomaly_detection.csv"), "--window", "32", "--model", TrainedModel, "--out", Path.Combine(_dir, "o.csv"));

        Assert.Equal(1, code);
        Assert.Contains("--window: 32 does not match the model window 64", err, StringComparison.Ordinal);
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
