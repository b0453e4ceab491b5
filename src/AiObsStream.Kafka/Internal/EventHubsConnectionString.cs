namespace AiObsStream.Kafka.Internal;

/// <summary>
/// The parts of an Event Hubs connection string that matter for the Kafka endpoint
/// (<c>Endpoint=sb://NS.servicebus.windows.net/;SharedAccessKeyName=RULE;SharedAccessKey=KEY[;EntityPath=HUB]</c>).
/// </summary>
/// <remarks>Error messages name keys, never values: the whole string is a secret.</remarks>
internal sealed record EventHubsConnectionString(string Host, string KeyName, string? EntityPath)
{
    /// <summary>Parses and checks a connection string; <paramref name="error"/> names what is wrong.</summary>
    public static bool TryParse(string? value, out EventHubsConnectionString? result, out string error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "is empty";
            return false;
        }

        string? endpoint = null, keyName = null, key = null, entity = null;
        var hasSas = false;
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = "has a part without 'Key=Value' form";
                return false;
            }

            var name = part[..eq].Trim();
            var val = part[(eq + 1)..].Trim();
            if (name.Equals("Endpoint", StringComparison.OrdinalIgnoreCase)) { endpoint = val; }
            else if (name.Equals("SharedAccessKeyName", StringComparison.OrdinalIgnoreCase)) { keyName = val; }
            else if (name.Equals("SharedAccessKey", StringComparison.OrdinalIgnoreCase)) { key = val; }
            else if (name.Equals("EntityPath", StringComparison.OrdinalIgnoreCase)) { entity = val; }
            else if (name.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase)) { hasSas = true; }
        }

        error = Check(endpoint, keyName, key, hasSas, out var host);
        if (error.Length > 0)
        {
            return false;
        }

        result = new EventHubsConnectionString(host!, keyName!, string.IsNullOrEmpty(entity) ? null : entity);
        return true;
    }

    private static string Check(string? endpoint, string? keyName, string? key, bool hasSas, out string? host)
    {
        host = null;
        if (hasSas)
        {
            return "uses SharedAccessSignature, which the Kafka endpoint does not accept (use a SharedAccessKeyName/SharedAccessKey policy)";
        }

        if (string.IsNullOrEmpty(endpoint))
        {
            return "has no Endpoint (expected Endpoint=sb://NAMESPACE.servicebus.windows.net/)";
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !uri.Scheme.Equals("sb", StringComparison.OrdinalIgnoreCase)
            || !uri.Host.Contains('.', StringComparison.Ordinal))
        {
            return "has an Endpoint that is not sb://NAMESPACE.servicebus.windows.net/";
        }

        if (string.IsNullOrEmpty(keyName))
        {
            return "has no SharedAccessKeyName";
        }

        if (string.IsNullOrEmpty(key))
        {
            return "has no SharedAccessKey";
        }

        host = uri.Host.ToLowerInvariant();
        return string.Empty;
    }
}
