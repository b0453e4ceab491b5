using System.Text.Json;
using AiObsStream.Pipeline.Sinks.Webhooks;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Pipeline.Tests.Sinks;

/// <summary>
/// The dead-letter line is written by a source-generated serializer (Native AOT); its bytes must stay those of the
/// anonymous type serialized with reflection before (#12), escaping included.
/// </summary>
public sealed class WebhookDeadLetterTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "cef1490da086de7b", "Connection refused (127.0.0.1:9)", 4, """{"incident":"x","n":1}""")]
    [InlineData("https://receiver.example/a?b=1&c=<2>", "", "é \"quoted\" \n\t\u0001 +'", 0, "")]
    public void Serialize_SourceGenerated_EqualsTheReflectionLine(string url, string incidentId, string error, int attempts, string payload)
    {
        var line = JsonSerializer.Serialize(new WebhookDeadLetter(url, incidentId, error, attempts, payload), WebhookJsonContext.Default.WebhookDeadLetter);

        Assert.Equal(Reflection(url, incidentId, error, attempts, payload), line);
    }

    [Fact]
    public void Serialize_AnyStrings_EqualsTheReflectionLine()
    {
        Prop.ForAll<NonNull<string>, string, NonNull<string>>((url, error, payload) =>
        {
            var line = JsonSerializer.Serialize(
                new WebhookDeadLetter(url.Get, "id", error, 3, payload.Get), WebhookJsonContext.Default.WebhookDeadLetter);
            return line == Reflection(url.Get, "id", error, 3, payload.Get);
        }).QuickCheckThrowOnFailure();
    }

    // The reference: the reflection-based serializer used before.
    private static string Reflection(string url, string incidentId, string error, int attempts, string payload) =>
        JsonSerializer.Serialize(new { Url = url, IncidentId = incidentId, Error = error, Attempts = attempts, Payload = payload });
}
