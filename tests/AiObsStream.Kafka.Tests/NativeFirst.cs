using System.Runtime.CompilerServices;

namespace AiObsStream.Kafka.Tests;

/// <summary>
/// Loads librdkafka through <see cref="KafkaNative"/> before any test touches Confluent.Kafka directly (test helpers build
/// producers and consumers themselves): the binding's own probing would otherwise pick the OS package for the whole
/// process, as it would in the product if KafkaNative were skipped.
/// </summary>
internal static class NativeFirst
{
#pragma warning disable CA2255 // a test assembly's process-wide setup: the intended use of a module initializer
    [ModuleInitializer]
    internal static void LoadBundledLibrdkafka() => _ = KafkaNative.Version;
#pragma warning restore CA2255
}
