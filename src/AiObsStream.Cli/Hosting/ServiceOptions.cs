namespace AiObsStream.Cli.Hosting;

/// <summary>The service listener of a run: where it binds (null: none) and what <c>/readyz</c> calls caught up.</summary>
/// <param name="Listen">The address, or null for no listener.</param>
/// <param name="Explicit">Whether the address was asked for (flag or config): then failing to bind stops the run;
/// the default address only warns (another instance on the same machine may hold it).</param>
/// <param name="ReadyMaxLag">Most messages behind that still count as caught up.</param>
internal sealed record ServiceOptions(ListenAddress? Listen, bool Explicit, long ReadyMaxLag)
{
    /// <summary>The default of <c>service.readyMaxLag</c>.</summary>
    public const long DefaultReadyMaxLag = 10_000;

    /// <summary>Whether a listen setting turns the listener off.</summary>
    public static bool IsOff(string text) => text.Equals("none", StringComparison.OrdinalIgnoreCase) || text.Equals("off", StringComparison.OrdinalIgnoreCase);
}
