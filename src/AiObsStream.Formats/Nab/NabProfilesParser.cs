using System.Text.Json;
using AiObsStream.Core.Evaluation.Nab;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Nab;

/// <summary>Parses NAB's <c>config/profiles.json</c>: <c>{ name: { "CostMatrix": { "tpWeight", "fpWeight",
/// "fnWeight", "tnWeight" } } }</c>.</summary>
public static class NabProfilesParser
{
    /// <summary>Parses <paramref name="json"/>; never throws.</summary>
    /// <param name="json">The file's UTF-8 bytes.</param>
    /// <param name="profiles">The profiles in file order, when the result is true.</param>
    /// <param name="error">What is wrong and where, when the result is false.</param>
    /// <returns>True when every profile has finite, non-negative tp/fp/fn weights.</returns>
    public static bool TryParse(ReadOnlySpan<byte> json, out List<NabProfile>? profiles, out ParseError error)
    {
        profiles = null;
        error = default;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = new ParseError(RejectReason.UnknownShape, "profiles file: the root must be an object keyed by profile name");
                return false;
            }

            var result = new List<NabProfile>();
            foreach (var profile in document.RootElement.EnumerateObject())
            {
                if (profile.Value.ValueKind != JsonValueKind.Object || !profile.Value.TryGetProperty("CostMatrix", out var matrix)
                    || matrix.ValueKind != JsonValueKind.Object
                    || !TryWeight(matrix, "tpWeight", out double tp) || !TryWeight(matrix, "fpWeight", out double fp)
                    || !TryWeight(matrix, "fnWeight", out double fn))
                {
                    error = new ParseError(RejectReason.UnknownShape, $"profiles file: '{profile.Name}' needs CostMatrix.tpWeight, fpWeight and fnWeight as non-negative numbers");
                    return false;
                }

                double tn = TryWeight(matrix, "tnWeight", out double t) ? t : 1.0;
                result.Add(new NabProfile(profile.Name, new NabCostMatrix(tp, fp, fn, tn)));
            }

            profiles = result;
            return true;
        }
        catch (JsonException ex)
        {
            error = new ParseError(RejectReason.Malformed, $"profiles file: invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}: {ex.Message}");
            return false;
        }
    }

    private static bool TryWeight(JsonElement matrix, string name, out double weight)
    {
        weight = 0;
        return matrix.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number
            && element.TryGetDouble(out weight) && double.IsFinite(weight) && weight >= 0;
    }
}
