namespace AiObsStream.Formats.Prometheus;

/// <summary>Helpers for Kubernetes object names found in metric labels.</summary>
public static class KubernetesNames
{
    /// <summary>Length of the random suffix Kubernetes appends to pod names (generateName).</summary>
    private const int PodHashLength = 5;

    /// <summary>Longest pod-template-hash (the decimal digits of a 32-bit hash, safe-encoded).</summary>
    private const int MaxTemplateHashLength = 10;

    /// <summary>
    /// Derives the owning workload (Deployment, StatefulSet, DaemonSet or Job) name from a pod name by stripping the
    /// suffixes Kubernetes generates: <c>vllm-gpt-5c8d9f7b6-x2x7q</c> → <c>vllm-gpt</c>,
    /// <c>chat-prod-7d9f</c> → <c>chat-prod</c>, <c>vllm-0</c> → <c>vllm</c>.
    /// </summary>
    /// <remarks>
    /// A heuristic, because a pod name does not record its owner. Generated suffixes use Kubernetes' "safe" alphabet
    /// (<c>bcdfghjklmnpqrstvwxz2456789</c>: no vowels, so ordinary words rarely match). The rules, applied once:
    /// a 5-character pod suffix preceded by a template hash is stripped with it; otherwise a last segment that is
    /// all digits (StatefulSet ordinal), or in the safe alphabet and either 5 characters long or containing a digit,
    /// is stripped. The first segment is never stripped. Returns a slice of <paramref name="pod"/>; allocates nothing.
    /// </remarks>
    /// <param name="pod">The pod name.</param>
    /// <returns>The workload name, or <paramref name="pod"/> unchanged when no generated suffix is recognised.</returns>
    public static ReadOnlySpan<char> DeploymentFromPod(ReadOnlySpan<char> pod)
    {
        var lastDash = pod.LastIndexOf('-');
        if (lastDash <= 0)
        {
            return pod;
        }

        var head = pod[..lastDash];
        var last = pod[(lastDash + 1)..];
        var prevDash = head.LastIndexOf('-');
        if (prevDash > 0 && last.Length == PodHashLength && IsSafe(last) && IsTemplateHash(head[(prevDash + 1)..]))
        {
            return head[..prevDash];
        }

        var strip = IsDigits(last)
            || (IsSafe(last) && (last.Length == PodHashLength || (last.Length <= MaxTemplateHashLength && HasDigit(last))));
        return strip ? head : pod;
    }

    /// <summary>String form of <see cref="DeploymentFromPod(ReadOnlySpan{char})"/>.</summary>
    /// <param name="pod">The pod name; null is treated as empty.</param>
    /// <returns>The workload name (the same instance when nothing is stripped).</returns>
    public static string DeploymentFromPod(string? pod)
    {
        if (string.IsNullOrEmpty(pod))
        {
            return string.Empty;
        }

        var name = DeploymentFromPod(pod.AsSpan());
        return name.Length == pod.Length ? pod : name.ToString();
    }

    private static bool IsTemplateHash(ReadOnlySpan<char> segment) =>
        segment.Length is > 0 and <= MaxTemplateHashLength
        && (IsDigits(segment) || (IsSafe(segment) && (segment.Length > PodHashLength || HasDigit(segment))));

    private static bool IsSafe(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty)
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (!IsSafeChar(c))
            {
                return false;
            }
        }

        return true;
    }

    // Kubernetes apimachinery rand.SafeEncodeString alphabet: consonants and digits that cannot spell words.
    private static bool IsSafeChar(char c) => c switch
    {
        'b' or 'c' or 'd' or 'f' or 'g' or 'h' or 'j' or 'k' or 'l' or 'm' or 'n' or 'p' or 'q' or 'r' or 's'
            or 't' or 'v' or 'w' or 'x' or 'z' or '2' or '4' or '5' or '6' or '7' or '8' or '9' => true,
        _ => false,
    };

    private static bool IsDigits(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty)
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasDigit(ReadOnlySpan<char> segment)
    {
        foreach (var c in segment)
        {
            if (c is >= '0' and <= '9')
            {
                return true;
            }
        }

        return false;
    }
}
