using System.Text.Json.Nodes;
using AiObsStream.Cli.Configuration;
using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Cli.Tests.Configuration.Binding;
using Microsoft.Extensions.Configuration;
using TestData = AiObsStream.TestKit.TestData;

namespace AiObsStream.Cli.Tests.Native;

/// <summary>
/// The Native AOT build does what the JIT build does (#12): the same output files byte for byte on the bundled trace,
/// with and without deploy/aiobs.config.json, the same help, and the same errors and exit code for bad configurations
/// (which also checks, through the unknown-setting messages, that both list every settings type's keys in one order).
/// </summary>
[Trait("Category", "NativeBuild")]
public sealed class NativeBuildTests(NativeBuild native) : IClassFixture<NativeBuild>
{
    [Fact]
    public void Help_IsTheJitBuilds()
    {
        var jit = AiobsProcess.Run("--help");

        var aot = native.Run("--help");

        Assert.Equal((0, jit.Out, jit.Err), (aot.Code, aot.Out, aot.Err));
        Assert.Equal(0, jit.Code);
    }

    [Fact]
    public void BundledTrace_WithoutConfig_SameOutputs() => AssertSameRun();

    [Fact]
    public void BundledTrace_WithTheDeployConfig_SameOutputs() =>
        AssertSameRun("--config", Path.Combine(TestData.RepoRoot, "deploy", "aiobs.config.json"));

    [Fact]
    public void UnknownSettingEverywhere_SameErrorsAndExitCode1()
    {
        var file = Path.Combine(native.Folder, "unknown.json");
        File.WriteAllText(file, UnknownEverywhere().ToJsonString());

        var jit = AiobsProcess.Run("run", "--config", file, "-o", Path.Combine(native.Folder, "unknown-out"));
        var aot = native.Run("run", "--config", file, "-o", Path.Combine(native.Folder, "unknown-out"));

        Assert.Equal(1, jit.Code);
        Assert.Equal((jit.Code, jit.Out, jit.Err), (aot.Code, aot.Out, aot.Err));
        Assert.Contains("rules.r.overrides.d.zzUnknown: unknown setting (known: enabled, warning, critical)", jit.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingConfigFile_SameErrorAndExitCode1()
    {
        var file = Path.Combine(native.Folder, "absent.json");

        var jit = AiobsProcess.Run("run", "--config", file, "-o", Path.Combine(native.Folder, "absent-out"));
        var aot = native.Run("run", "--config", file, "-o", Path.Combine(native.Folder, "absent-out"));

        Assert.Equal(1, jit.Code);
        Assert.Equal((jit.Code, jit.Out, jit.Err), (aot.Code, aot.Out, aot.Err));
        Assert.Contains("--config: cannot read", jit.Err, StringComparison.Ordinal);
    }

    /// <summary>A file with an unknown key in every object of every section (each names all keys of its settings type).</summary>
    private static JsonObject UnknownEverywhere()
    {
        var root = new JsonObject { ["zzUnknown"] = 1 };
        foreach (var (key, type) in ConfigGenerator.Sections)
        {
            if (key is null)
            {
                foreach (var (name, property) in SettingsSchema.Properties(type))
                {
                    if (Unknown(property.PropertyType) is { } value)
                    {
                        root[name] = value;
                    }
                }
            }
            else
            {
                root[key] = Unknown(type);
            }
        }

        return root;
    }

    private static JsonNode? Unknown(Type type)
    {
        if (type == typeof(string) || type == typeof(bool?) || type == typeof(double?) || type == typeof(IConfigurationSection) || type == typeof(List<string>) || type == typeof(Dictionary<string, string>))
        {
            return null;
        }

        if (SettingsSchema.ItemType(type) is { } item)
        {
            return new JsonArray(Unknown(item));
        }

        if (SettingsSchema.ValueType(type) is { } value)
        {
            return new JsonObject { [value == typeof(RuleOverrideSettings) ? "d" : "r"] = Unknown(value) };
        }

        var obj = new JsonObject { ["zzUnknown"] = 1 };
        foreach (var (name, property) in SettingsSchema.Properties(type))
        {
            if (Unknown(property.PropertyType) is { } child)
            {
                obj[name] = child;
            }
        }

        return obj;
    }

    /// <summary>Runs both builds into the same output path in turn (the report names it) and compares every file.</summary>
    private void AssertSameRun(params string[] options)
    {
        var run = Path.Combine(native.Folder, "run-" + Guid.NewGuid().ToString("N")[..8]);
        string[] args = ["run", "-o", Path.Combine(run, "out"), "-q", .. options];

        var jit = AiobsProcess.Run(args);
        Directory.Move(Path.Combine(run, "out"), Path.Combine(run, "jit"));
        var aot = native.Run(args);
        Directory.Move(Path.Combine(run, "out"), Path.Combine(run, "native"));

        Assert.True(jit.Code == 0, jit.Err);
        Assert.Equal((jit.Code, jit.Err), (aot.Code, aot.Err));
        var files = Directory.GetFiles(Path.Combine(run, "jit")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(Path.Combine(run, "native")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("metrics.jsonl", files);
        foreach (var name in files)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(run, "jit", name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(run, "native", name!))),
                $"{name} differs between the JIT and the native build");
        }
    }
}
