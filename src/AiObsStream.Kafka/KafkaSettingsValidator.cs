namespace AiObsStream.Kafka;

/// <summary>Checks <see cref="KafkaSettings"/>; every message names the setting (and its CLI flag) and never a secret.</summary>
internal static class KafkaSettingsValidator
{
    /// <summary>Returns the errors (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(KafkaSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<string>();
        ValidateBootstrap(settings.BootstrapServers, errors);
        if (settings.Topics.Count == 0)
        {
            errors.Add("Topics (--topic): at least one input topic is required.");
        }

        foreach (var topic in settings.Topics)
        {
            ValidateTopic("Topics (--topic)", topic, settings, errors);
        }

        if (settings.AlertsTopic is not null)
        {
            ValidateTopic("AlertsTopic (--alerts-topic)", settings.AlertsTopic, settings, errors);
        }

        if (settings.MetricsTopic is not null)
        {
            ValidateTopic("MetricsTopic (--metrics-topic)", settings.MetricsTopic, settings, errors);
        }

        if (string.IsNullOrWhiteSpace(settings.GroupId) || settings.GroupId.Length > 256)
        {
            errors.Add("GroupId (--group): required, at most 256 characters.");
        }

        if (string.IsNullOrWhiteSpace(settings.ClientId))
        {
            errors.Add("ClientId: required.");
        }

        Range(errors, settings.DeliveryTimeout >= TimeSpan.FromSeconds(1) && settings.DeliveryTimeout <= TimeSpan.FromHours(1), "DeliveryTimeout", "must be 1 s..1 h");
        Range(errors, settings.Linger >= TimeSpan.Zero && settings.Linger <= TimeSpan.FromSeconds(1), "Linger", "must be 0..1 s");
        Range(errors, settings.SessionTimeout >= TimeSpan.FromSeconds(1) && settings.SessionTimeout <= TimeSpan.FromMinutes(5), "SessionTimeout", "must be 1 s..5 min");
        return errors;
    }

    private static void Range(List<string> errors, bool ok, string name, string rule)
    {
        if (!ok)
        {
            errors.Add($"{name}: {rule}.");
        }
    }

    private static void ValidateBootstrap(string? bootstrap, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(bootstrap))
        {
            errors.Add("BootstrapServers (--kafka): required, host:port[,host:port].");
            return;
        }

        foreach (var server in bootstrap.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !ushort.TryParse(server.AsSpan(colon + 1), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var port) || port == 0)
            {
                errors.Add($"BootstrapServers (--kafka): '{server}' is not host:port.");
            }
        }
    }

    private static void ValidateTopic(string setting, string topic, KafkaSettings settings, List<string> errors)
    {
        if (!IsTopicName(topic))
        {
            errors.Add($"{setting}: '{topic}' is not a topic name (1-249 of letters, digits, '.', '_', '-'; not '.' or '..').");
        }
        else if (settings.EventHubsEntityPath is { } entity && !string.Equals(entity, topic, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{setting}: '{topic}' is not reachable with a connection string scoped to event hub '{entity}' (EntityPath); use a namespace-level policy.");
        }
    }

    /// <summary>Kafka's legal topic names (Event Hubs names are a subset).</summary>
    internal static bool IsTopicName(string? topic)
    {
        if (string.IsNullOrEmpty(topic) || topic.Length > 249 || topic is "." or "..")
        {
            return false;
        }

        foreach (var c in topic)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
