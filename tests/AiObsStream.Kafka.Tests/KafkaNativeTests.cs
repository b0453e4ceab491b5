using System.Globalization;
using Confluent.Kafka;

namespace AiObsStream.Kafka.Tests;

public class KafkaNativeTests
{
    [Fact]
    public void Version_IsAtLeast1_9()
    {
        var parts = KafkaNative.Version.Split('.');

        var version = new Version(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));

        Assert.True(version >= new Version(1, 9), KafkaNative.Version);
    }

    [Fact]
    public void Version_ByDefault_IsTheBundledBuildOfTheBindingsRelease()
    {
        // tests/run.sh installs the OS package (librdkafka-dev, 2.0.2 on Debian bookworm) for the loopback broker, so
        // this also shows that the bundled build wins over it.
        var binding = typeof(Library).Assembly.GetName().Version!;

        Assert.Equal($"{binding.Major}.{binding.Minor}.{binding.Build}", KafkaNative.Version);
        Assert.StartsWith(Path.Combine(AppContext.BaseDirectory, "runtimes"), KafkaNative.LoadedFrom, StringComparison.Ordinal);
        Assert.Equal(KafkaNative.Version, Library.VersionString);
    }

    [Fact]
    public void Version_AfterProducerUse_StillTheBundledBuild()
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = "127.0.0.1:1" }).Build();

        Assert.Equal(KafkaNative.Version, Library.VersionString);
    }
}
