using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using AiObsStream.Cli.Configuration;
using AiObsStream.Pipeline.Configuration;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TestData = AiObsStream.TestKit.TestData;

namespace AiObsStream.Cli.Tests.Configuration.Binding;

/// <summary>
/// The binder that needs no dynamic code (ShapedBinding, #12) binds exactly what the reflection-based
/// <c>ConfigurationBinder</c> path of main bound (<see cref="ReflectionShapedBinding"/>): every section's settings object
/// and the resulting engine options (or the start's error) compared completely, over every configuration file of the
/// repository, every configuration text in this project's tests, and generated files.
/// </summary>
public sealed partial class ShapedBindingEquivalenceTests
{
    private static readonly Config Property = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    /// <summary>deploy/aiobs.config.json and the Kubernetes configs (base and overlays).</summary>
    public static TheoryData<string> RepositoryConfigs()
    {
        var files = new TheoryData<string>();
        files.Add(Path.Combine("deploy", "aiobs.config.json"));
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.RepoRoot, "deploy", "kubernetes"), "config*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetRelativePath(TestData.RepoRoot, file));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(RepositoryConfigs))]
    public void RepositoryConfig_BindsAsTheReflectionBinder(string file)
    {
        var json = File.ReadAllText(Path.Combine(TestData.RepoRoot, file));

        var expected = Outcome(json, ReflectionShapedBinding.Bind);

        Assert.Equal(expected, Outcome(json, ShapedBinding.Bind));
        Assert.Contains("EngineOptions: EngineOptions {", expected, StringComparison.Ordinal); // valid: whole options compared
    }

    [Fact]
    public void ConfigTextsInTheTests_BindAsTheReflectionBinder()
    {
        var texts = 0;
        var valid = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.RepoRoot, "tests", "AiObsStream.Cli.Tests"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match m in RawString().Matches(File.ReadAllText(file)))
            {
                var json = m.Groups[1].Value;
                try
                {
                    ConfigDocument.Parse(json);
                }
                catch (ConfigException)
                {
                    continue; // not a configuration (or an interpolated template)
                }

                var expected = AssertSame(json);
                texts++;
                valid += expected.Contains("EngineOptions: EngineOptions {", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        Assert.True(texts >= 150 && valid >= 40, $"{texts} configuration texts, {valid} valid");
    }

    [Fact]
    public void GeneratedConfig_BindsAsTheReflectionBinder() =>
        Prop.ForAll(Gen.Choose(1, 1_000_000).ToArbitrary(), seed =>
        {
            var json = ConfigGenerator.Random(seed);
            AssertSame(json);
        }).Check(Property);

    [Fact]
    public void CutOfTheDeployConfig_BindsAsTheReflectionBinder()
    {
        var full = File.ReadAllText(Path.Combine(TestData.RepoRoot, "deploy", "aiobs.config.json"));
        Prop.ForAll(Gen.Choose(1, 1_000_000).ToArbitrary(), seed =>
        {
            var json = ConfigGenerator.Cut(seed, full);
            AssertSame(json);
        }).Check(Property);
    }

    [Fact]
    public void CutsOfTheDeployConfig_AreMostlyValid()
    {
        // The property above compares whole engine options only where a cut is valid: many must be.
        var full = File.ReadAllText(Path.Combine(TestData.RepoRoot, "deploy", "aiobs.config.json"));

        var valid = Enumerable.Range(1, 100).Count(seed => Outcome(ConfigGenerator.Cut(seed, full), ShapedBinding.Bind).Contains("EngineOptions: EngineOptions {", StringComparison.Ordinal));

        Assert.True(valid >= 30, $"{valid} of 100 valid");
    }

    /// <summary>Both binders' outcomes must be the same; returns the reflection binder's.</summary>
    private static string AssertSame(string json)
    {
        var expected = Outcome(json, ReflectionShapedBinding.Bind);
        var actual = Outcome(json, ShapedBinding.Bind);
        if (expected != actual)
        {
            var at = 0;
            while (at < Math.Min(expected.Length, actual.Length) && expected[at] == actual[at])
            {
                at++;
            }

            var from = Math.Max(0, at - 300);
            Assert.Fail($"{json}\nreflection: ...{expected[from..Math.Min(expected.Length, at + 200)]}\nnew:        ...{actual[from..Math.Min(actual.Length, at + 200)]}");
        }

        return expected;
    }

    /// <summary>Every section's bound settings, then the engine options or the start's error: all as text.</summary>
    private static string Outcome(string json, EngineConfiguration.SectionBinder bind)
    {
        ConfigDocument document;
        try
        {
            document = ConfigDocument.Parse(json);
        }
        catch (ConfigException ex)
        {
            return "parse: " + ex.Message;
        }

        var text = new StringBuilder();
        var services = new ServiceCollection().AddEngineConfiguration(document, bind);
        var types = services.Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
            .Select(d => d.ServiceType.GetGenericArguments()[0]).ToList();
        Assert.Equal(ConfigGenerator.Sections.Length, types.Count);
        using (var provider = services.BuildServiceProvider())
        {
            foreach (var type in types)
            {
                var options = typeof(IOptions<>).MakeGenericType(type);
                text.Append(type.Name).Append(": ");
                try
                {
                    text.Append(ObjectDump.Of(options.GetProperty("Value")!.GetValue(provider.GetRequiredService(options))));
                }
                catch (TargetInvocationException ex)
                {
                    text.Append("throws ").Append(ex.InnerException?.GetType().Name).Append(": ").Append(ex.InnerException?.Message);
                }

                text.AppendLine();
            }
        }

        try
        {
            text.Append("EngineOptions: ").Append(ObjectDump.Of(EngineConfiguration.Resolve(document, bind)));
        }
        catch (Exception ex)
        {
            text.Append("error ").Append(ex.GetType().Name).Append(": ").Append(ex.Message);
        }

        return text.ToString();
    }

    [GeneratedRegex("\"\"\"\\s*(\\{.*?\\})\\s*\"\"\"", RegexOptions.Singleline)]
    private static partial Regex RawString();
}
