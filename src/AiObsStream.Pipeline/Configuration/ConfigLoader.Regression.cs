using System.Text.Json;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;

namespace AiObsStream.Pipeline.Configuration;

/// <content>The <c>regression</c> section: rollout detection and the model-version regression verdict.</content>
public static partial class ConfigLoader
{
    private const string RegressionKnown = "enabled, minVersionShare, rollbackWindows, minConfidence, minEffect, minShareIncrease, "
        + "minCount, minWindows, minBatchRequests, overwhelmingConfidence, overwhelmingEffect, throttleShare, loadBand, historyWindows, candidateWindows, recoveryEvaluations, severity, signals";

    private static RegressionOptions ReadRegression(JsonElement e, RegressionOptions current)
    {
        Expect(e, JsonValueKind.Object, "regression");
        foreach (var p in e.EnumerateObject())
        {
            var s = "regression." + p.Name;
            current = p.Name switch
            {
                "enabled" => current with { Enabled = ReadBool(p.Value, s) },
                "minVersionShare" => current with { MinVersionShare = ReadDouble(p.Value, s) },
                "rollbackWindows" => current with { RollbackWindows = ReadInt(p.Value, s, 1, 1000) },
                "minConfidence" => current with { MinConfidence = ReadDouble(p.Value, s) },
                "minEffect" => current with { MinEffect = ReadDouble(p.Value, s) },
                "minShareIncrease" => current with { MinShareIncrease = ReadDouble(p.Value, s) },
                "minCount" => current with { MinCount = ReadInt(p.Value, s, 2, 100_000_000) },
                "minWindows" => current with { MinWindows = ReadInt(p.Value, s, 2, 10_000) },
                "minBatchRequests" => current with { MinBatchRequests = ReadInt(p.Value, s, 1, 100_000_000) },
                "overwhelmingConfidence" => current with { OverwhelmingConfidence = ReadDouble(p.Value, s) },
                "overwhelmingEffect" => current with { OverwhelmingEffect = ReadDouble(p.Value, s) },
                "throttleShare" => current with { ThrottleShare = ReadDouble(p.Value, s) },
                "loadBand" => current with { LoadBand = ReadDouble(p.Value, s) },
                "historyWindows" => current with { HistoryWindows = ReadInt(p.Value, s, 1, 100_000) },
                "candidateWindows" => current with { CandidateWindows = ReadInt(p.Value, s, 1, 100_000) },
                "recoveryEvaluations" => current with { RecoveryEvaluations = ReadInt(p.Value, s, 1, 100_000) },
                "severity" => current with { Severity = ReadEnum<Severity>(p.Value, s) },
                "signals" => current with { Signals = ReadSignals(p.Value, current.Signals, s) },
                _ => throw new ConfigException($"{s}: unknown setting (known: {RegressionKnown})"),
            };
        }

        try
        {
            current.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ConfigException("regression." + ex.Message.Split(" (Parameter", 2)[0], ex);
        }

        return current;
    }

    /// <summary>Signals merge over the defaults by metric name; <c>"enabled": false</c> removes one.</summary>
    private static List<RegressionSignal> ReadSignals(JsonElement e, IReadOnlyList<RegressionSignal> defaults, string setting)
    {
        Expect(e, JsonValueKind.Object, setting);
        var signals = defaults.ToList();
        foreach (var m in e.EnumerateObject())
        {
            var index = signals.FindIndex(x => x.Metric == m.Name);
            var signal = index >= 0 ? signals[index] : new RegressionSignal { Metric = m.Name, Kind = SignalKind.Distribution };
            var enabled = true;
            Expect(m.Value, JsonValueKind.Object, $"{setting}.{m.Name}");
            foreach (var p in m.Value.EnumerateObject())
            {
                var s = $"{setting}.{m.Name}.{p.Name}";
                switch (p.Name)
                {
                    case "enabled": enabled = ReadBool(p.Value, s); break;
                    case "kind": signal = signal with { Kind = ReadEnum<SignalKind>(p.Value, s) }; break;
                    case "higherIsWorse": signal = signal with { HigherIsWorse = ReadBool(p.Value, s) }; break;
                    case "minEffect": signal = signal with { MinEffect = ReadDouble(p.Value, s) }; break;
                    default: throw new ConfigException($"{s}: unknown setting (known: enabled, kind, higherIsWorse, minEffect)");
                }
            }

            if (index >= 0)
            {
                signals.RemoveAt(index);
            }

            if (enabled)
            {
                signals.Insert(index >= 0 ? index : signals.Count, signal);
            }
        }

        return signals;
    }
}
