namespace AiObsStream.LogAnalytics.Internal;

/// <summary>Which DCR stream a batch goes to (stored in spool file names as m / a / i, so renaming a stream keeps the spool).</summary>
internal enum StreamKind
{
    /// <summary>AiObsMetrics_CL rows.</summary>
    Metrics,

    /// <summary>AiObsAlerts_CL events.</summary>
    Alerts,

    /// <summary>AiObsIncidents_CL incident state changes.</summary>
    Incidents,

    /// <summary>AiObsActions_CL decided actions and their answers.</summary>
    Actions,
}

/// <summary>The one-letter code of a stream in spool file names.</summary>
internal static class StreamKinds
{
    /// <summary><c>m</c>, <c>a</c>, <c>i</c> or <c>c</c> (actions: calls).</summary>
    public static char Letter(StreamKind kind) => kind switch
    {
        StreamKind.Metrics => 'm',
        StreamKind.Alerts => 'a',
        StreamKind.Actions => 'c',
        _ => 'i',
    };

    /// <summary>Reads a letter written by <see cref="Letter"/>.</summary>
    public static bool TryParse(string letter, out StreamKind kind)
    {
        kind = letter switch
        {
            "m" => StreamKind.Metrics,
            "a" => StreamKind.Alerts,
            "i" => StreamKind.Incidents,
            "c" => StreamKind.Actions,
            _ => (StreamKind)(-1),
        };
        return (int)kind >= 0;
    }
}
