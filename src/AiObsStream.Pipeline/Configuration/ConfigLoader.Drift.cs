using System.Text.Json;
using AiObsStream.Core.Drift;

namespace AiObsStream.Pipeline.Configuration;

/// <content>The <c>drift</c> section: quality-drift detection per deployment, signal and model version.</content>
public static partial class ConfigLoader
{
    private static QualityDriftOptions ReadDrift(JsonElement e, QualityDriftOptions current)
    {
        Expect(e, JsonValueKind.Object, "drift");
        foreach (var p in e.EnumerateObject())
        {
            var setting = "drift." + p.Name;
            current = p.Name switch
            {
                "enabled" => current with { Enabled = ReadBool(p.Value, setting) },
                "requestMetrics" => current with { RequestMetrics = ReadDriftMetricList(p.Value, setting) },
                "evaluations" => current with { Evaluations = ReadBool(p.Value, setting) },
                "errorShare" => current with { ErrorShare = ReadBool(p.Value, setting) },
                "recentWindows" => current with { RecentWindows = ReadInt(p.Value, setting, 1, 120) },
                "baselineBuckets" => current with { BaselineBuckets = ReadInt(p.Value, setting, 1, 48) },
                "baselineBucketWindows" => current with { BaselineBucketWindows = ReadInt(p.Value, setting, 1, 1440) },
                "minReferenceCount" => current with { MinReferenceCount = ReadInt(p.Value, setting, 1, int.MaxValue) },
                "minCurrentCount" => current with { MinCurrentCount = ReadInt(p.Value, setting, 1, int.MaxValue) },
                "alpha" => current with { Alpha = ReadDouble(p.Value, setting) },
                "minPsi" => current with { MinPsi = ReadDouble(p.Value, setting) },
                "minNormalizedWasserstein" => current with { MinNormalizedWasserstein = ReadDouble(p.Value, setting) },
                "minCohensH" => current with { MinCohensH = ReadDouble(p.Value, setting) },
                "sustainWindows" => current with { SustainWindows = ReadInt(p.Value, setting, 1, 100) },
                "clearWindows" => current with { ClearWindows = ReadInt(p.Value, setting, 1, 100) },
                "psiBuckets" => current with { PsiBuckets = ReadInt(p.Value, setting, 2, 100) },
                "maxVersions" => current with { MaxVersions = ReadInt(p.Value, setting, 2, 32) },
                _ => throw new ConfigException($"{setting}: unknown setting (known: enabled, requestMetrics, evaluations, errorShare, recentWindows, baselineBuckets, baselineBucketWindows, minReferenceCount, minCurrentCount, alpha, minPsi, minNormalizedWasserstein, minCohensH, sustainWindows, clearWindows, psiBuckets, maxVersions)"),
            };
        }

        try
        {
            current.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ConfigException(ex.Message, ex);
        }

        return current;
    }

    private static List<string> ReadDriftMetricList(JsonElement e, string setting)
    {
        Expect(e, JsonValueKind.Array, setting);
        var list = new List<string>();
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            var value = ReadString(item, $"{setting}[{i++}]");
            if (value.Length == 0)
            {
                throw new ConfigException($"{setting}[{i - 1}]: must not be empty");
            }

            list.Add(value);
        }

        return list;
    }
}
