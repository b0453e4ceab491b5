using System.Text;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Scores of the binary verdicts an OpenTelemetry GenAI evaluation may carry in <c>gen_ai.evaluation.score.label</c>
/// without a <c>score.value</c>: 1 for the favourable label, 0 for the other (ASCII case ignored).
/// </summary>
/// <remarks>
/// The semantic conventions leave the label free ("pass", "fail", "relevant"...); only these common binary pairs are
/// read. Any other label without a value is rejected with the label quoted.
/// </remarks>
internal static class EvaluationLabels
{
    /// <summary>The metric name of user feedback scores (user_feedback / feedback.score properties).</summary>
    public static ReadOnlySpan<byte> UserFeedbackUtf8 => "user_feedback"u8;

    private static readonly (string Good, string Bad)[] Pairs =
    [
        ("pass", "fail"), ("passed", "failed"), ("true", "false"), ("yes", "no"), ("good", "bad"),
        ("positive", "negative"), ("thumbs_up", "thumbs_down"), ("like", "dislike"), ("correct", "incorrect"),
        ("relevant", "irrelevant"), ("grounded", "ungrounded"), ("safe", "unsafe"),
    ];

    /// <summary>1 for a favourable label, 0 for its opposite, NaN for an unknown one.</summary>
    public static double Score(ReadOnlySpan<byte> label)
    {
        label = label.Trim((byte)' ');
        foreach (var (good, bad) in Pairs)
        {
            if (Ascii.EqualsIgnoreCase(label, good))
            {
                return 1;
            }

            if (Ascii.EqualsIgnoreCase(label, bad))
            {
                return 0;
            }
        }

        return double.NaN;
    }
}
