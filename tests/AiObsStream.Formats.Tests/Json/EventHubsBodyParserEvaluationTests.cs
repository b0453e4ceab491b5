using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

public class EventHubsBodyParserEvaluationTests
{
    private static ParseRun Parse(string record)
    {
        using var parser = new EventHubsBodyParser();
        return ParseRun.Of(parser, "{\"records\":[" + record + "]}");
    }

    private static string Trace(string properties) =>
        "{\"time\":\"2026-11-22T11:12:39Z\",\"Type\":\"AppTraces\",\"OperationId\":\"op9\",\"Properties\":{\"deployment\":\"chat-prod\"," + properties + "}}";

    [Theory]
    [InlineData("pass", 1.0)]
    [InlineData("FAIL", 0.0)]
    [InlineData("thumbs_up", 1.0)]
    [InlineData("Incorrect", 0.0)]
    public void TryParse_LabelWithoutValue_BinaryScore(string label, double expected)
    {
        var e = Parse(Trace($"\"gen_ai.evaluation.name\":\"task_adherence\",\"gen_ai.evaluation.score.label\":\"{label}\"")).Single();
        Assert.Equal(EventKind.Evaluation, e.Kind);
        Assert.Equal("task_adherence", e.Metric);
        Assert.Equal(expected, e.Value);
    }

    [Fact]
    public void TryParse_ValueAndLabel_ValueWins()
    {
        var e = Parse(Trace("\"gen_ai.evaluation.name\":\"groundedness\",\"gen_ai.evaluation.score.value\":\"2\",\"gen_ai.evaluation.score.label\":\"pass\"")).Single();
        Assert.Equal(2, e.Value);
    }

    [Fact]
    public void TryParse_UnknownLabelWithoutValue_RejectNamesLabel()
    {
        var run = Parse(Trace("\"gen_ai.evaluation.name\":\"tone\",\"gen_ai.evaluation.score.label\":\"friendly\""));
        Assert.Empty(run.Events);
        var reject = Assert.Single(run.Rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Equal("records[0].Properties.gen_ai.evaluation.score.label: no score.value and not a known pass/fail label: \"friendly\"", reject.Message);
    }

    [Theory]
    [InlineData("user_feedback")]
    [InlineData("feedback.score")]
    [InlineData("feedback_score")]
    public void TryParse_UserFeedback_EvaluationNamedUserFeedback(string key)
    {
        var e = Parse(Trace($"\"{key}\":\"-1\"")).Single();
        Assert.Equal(EventKind.Evaluation, e.Kind);
        Assert.Equal("user_feedback", e.Metric);
        Assert.Equal(-1, e.Value);
        Assert.Equal("chat-prod", e.Dims.Deployment);
    }

    [Fact]
    public void TryParse_UserFeedbackNotANumber_RejectNamesKey()
    {
        var run = Parse(Trace("\"user_feedback\":\"great\""));
        var reject = Assert.Single(run.Rejects);
        Assert.Equal("records[0].Properties.user_feedback: expected a number or a string holding one, found a string \"great\"", reject.Message);
    }

    [Fact]
    public void TryParse_DependencyCarryingEvaluation_RequestAndEvaluation()
    {
        var record = "{\"time\":\"2026-11-22T11:12:39Z\",\"Type\":\"AppDependencies\",\"OperationId\":\"op1\",\"Id\":\"d1\",\"Name\":\"chat\",\"Success\":true,\"DurationMs\":120,\"Properties\":{\"deployment\":\"chat-prod\",\"gen_ai.evaluation.name\":\"relevance\",\"gen_ai.evaluation.score.value\":\"4\"}}";
        var run = Parse(record);
        Assert.Empty(run.Rejects);
        Assert.Equal(2, run.Events.Length);
        Assert.Equal(EventKind.Request, run.Events[0].Kind);
        Assert.Equal(EventKind.Evaluation, run.Events[1].Kind);
        Assert.Equal("relevance", run.Events[1].Metric);
        Assert.Equal(4, run.Events[1].Value);
    }

    [Fact]
    public void TryParse_DependencyWithBadEvaluation_RequestKeptEvaluationSkipped()
    {
        var record = "{\"time\":\"2026-11-22T11:12:39Z\",\"Type\":\"AppDependencies\",\"OperationId\":\"op1\",\"Id\":\"d1\",\"Name\":\"chat\",\"Success\":true,\"DurationMs\":120,\"Properties\":{\"gen_ai.evaluation.name\":\"relevance\",\"gen_ai.evaluation.score.label\":\"meh\"}}";
        var e = Parse(record).Single();
        Assert.Equal(EventKind.Request, e.Kind);
    }

    [Fact]
    public void Score_ArbitraryBytes_NeverThrows()
    {
        var random = new Random(5);
        var bytes = new byte[16];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(bytes);
            var s = EvaluationLabels.Score(bytes.AsSpan(0, random.Next(17)));
            Assert.True(double.IsNaN(s) || s is 0 or 1);
        }

        Assert.Equal(1, EvaluationLabels.Score(Encoding.UTF8.GetBytes(" Pass ")));
    }
}
