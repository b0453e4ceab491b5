using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Cli.Tests.Hosting;

/// <summary>A <c>/metrics</c> answer read with the project's own Prometheus text parser (every line must parse).</summary>
internal static class Scrape
{
    /// <summary>
    /// Checks every line with the engine's own Prometheus text parser (syntax of 0.0.4: names, label escapes, values,
    /// comments), then reads the families, names, labels and values for the assertions.
    /// </summary>
    public static Exposition Parse(string text)
    {
        var parser = new PrometheusTextParser { Dialect = PrometheusDialect.Text004 };
        using var events = new EventBuffer();
        var result = new Exposition();
        var sampleLines = 0;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(parser.TryParseLine(Encoding.UTF8.GetBytes(line), 0, events, out var failure), $"{failure.Message}: {line}");
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                result.Types[parts[2]] = parts[3];
            }
            else if (!line.StartsWith('#'))
            {
                sampleLines++;
                result.Samples.Add(Sample.Read(line));
            }
        }

        Assert.Equal(sampleLines, parser.IgnoredSamples); // every sample parsed (none is a DCGM family)
        Assert.All(result.Samples, s => Assert.True(result.Types.ContainsKey(s.Name), s.Name + " has no # TYPE"));
        return result;
    }

    internal sealed class Exposition
    {
        public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

        public List<Sample> Samples { get; } = [];

        public IEnumerable<Sample> Of(string name) => Samples.Where(s => s.Name == name);
    }

    internal sealed record Sample(string Name, Dictionary<string, string> Labels, double Value)
    {
        /// <summary>Reads a line the parser accepted: NAME{a="x",b="y"} VALUE (label values here hold no quotes or commas).</summary>
        public static Sample Read(string line)
        {
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (brace > 0)
            {
                var close = line.LastIndexOf('}');
                foreach (var pair in line[(brace + 1)..close].Split("\","))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    labels[pair[..eq]] = pair[(eq + 2)..].TrimEnd('"');
                }
            }

            return new Sample(brace > 0 ? line[..brace] : line[..space], labels, double.Parse(line[(space + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
