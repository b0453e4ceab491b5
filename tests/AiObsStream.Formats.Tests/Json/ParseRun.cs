using System.Text;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>The outcome of parsing one unit in a test.</summary>
internal sealed record ParseRun(bool Accepted, TelemetryEvent[] Events, ParseError[] Rejects, ParseError Failure)
{
    public static ParseRun Of(IUnitParser parser, string json) => Of(parser, Encoding.UTF8.GetBytes(json));

    public static ParseRun Of(IUnitParser parser, byte[] unit)
    {
        using var buffer = new EventBuffer(4);
        var rejects = new List<ParseError>();
        var ok = parser.TryParse(unit, buffer, rejects, out var failure);
        return new ParseRun(ok, buffer.Span.ToArray(), [.. rejects], failure);
    }

    public TelemetryEvent Single()
    {
        Assert.True(Accepted, Failure.Message);
        Assert.Empty(Rejects);
        return Assert.Single(Events);
    }

    public static long Ms(int y, int mo, int d, int h, int mi, int s, int ms) =>
        new DateTimeOffset(y, mo, d, h, mi, s, ms, TimeSpan.Zero).ToUnixTimeMilliseconds();
}
