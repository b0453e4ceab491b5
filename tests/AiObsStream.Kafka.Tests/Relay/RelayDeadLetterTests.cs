using System.Text.Json;
using AiObsStream.Kafka.Relay;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Kafka.Tests.Relay;

/// <summary>
/// The relay's dead-letter line is written by a source-generated serializer (Native AOT); its bytes must stay those of
/// the anonymous type serialized with reflection before (#12), escaping included.
/// </summary>
public sealed class RelayDeadLetterTests
{
    [Theory]
    [InlineData("alerts", 0, 0L, "undecodable", "")]
    [InlineData("aiobs-alerts", 3, 9_007_199_254_740_993L, "unknown kind", "{\"kind\":\"é\\u0001<x>&'\"}\n")]
    public void Serialize_SourceGenerated_EqualsTheReflectionLine(string topic, int partition, long offset, string reason, string value)
    {
        var line = JsonSerializer.Serialize(new RelayDeadLetter(topic, partition, offset, reason, value), RelayJsonContext.Default.RelayDeadLetter);

        Assert.Equal(Reflection(topic, partition, offset, reason, value), line);
    }

    [Fact]
    public void Serialize_AnyValues_EqualsTheReflectionLine()
    {
        Prop.ForAll<NonNull<string>, long, NonNull<string>>((topic, offset, value) =>
        {
            var line = JsonSerializer.Serialize(
                new RelayDeadLetter(topic.Get, 2, offset, "reason", value.Get), RelayJsonContext.Default.RelayDeadLetter);
            return line == Reflection(topic.Get, 2, offset, "reason", value.Get);
        }).QuickCheckThrowOnFailure();
    }

    // The reference: the reflection-based serializer used before.
    private static string Reflection(string topic, int partition, long offset, string reason, string value) =>
        JsonSerializer.Serialize(new { Topic = topic, Partition = partition, Offset = offset, Reason = reason, Value = value });
}
