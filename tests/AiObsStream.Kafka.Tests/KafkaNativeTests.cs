using System.Globalization;

namespace AiObsStream.Kafka.Tests;

public class KafkaNativeTests
{
    [Fact]
    public void Version_OsLibrary_IsAtLeast1_9()
    {
        var parts = KafkaNative.Version.Split('.');

        var version = new Version(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));

        Assert.True(version >= new Version(1, 9), KafkaNative.Version);
    }
}
