namespace AiObsStream.Core.Cost;

/// <summary>The minute-level <c>spend-surge</c> alert (see <see cref="SpendMonitor"/>): configured under <c>pricing.spend.surge</c>.</summary>
public sealed record SpendSurgeOptions
{
    /// <summary>Evaluate the rule at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Window the spend is summed over; must be at least 1 minute, divide one hour, and be no shorter than the
    /// pipeline window (a longer pipeline window would leave most surge windows empty).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Fires when spend per minute is at least this multiple of its baseline.</summary>
    public double Ratio { get; init; } = 2.0;

    /// <summary>Baseline = median of the previous this-many windows that were not themselves surging.</summary>
    public int BaselineWindows { get; init; } = 10;

    /// <summary>Consecutive breaching windows needed to fire.</summary>
    public int Sustain { get; init; } = 2;

    /// <summary>Practical-effect floor: the increase over the baseline must be at least this many USD per minute.</summary>
    public double MinIncreaseUsdPerMinute { get; init; } = 0.50;

    /// <summary>Spend per request must also be at least this multiple of its baseline (growth not explained by traffic).</summary>
    public double PerRequestRatio { get; init; } = 1.5;

    /// <summary>Resolves when spend is back under this multiple of the baseline ...</summary>
    public double ResolveRatio { get; init; } = 1.3;

    /// <summary>... for this many consecutive windows.</summary>
    public int ResolveWindows { get; init; } = 2;

    /// <summary>Baseline windows with requests needed before the rule judges anything.</summary>
    public const int MinKnownBaseline = 3;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the setting.</exception>
    public void Validate()
    {
        const string P = "pricing.spend.surge.";
        var ms = (long)Window.TotalMilliseconds;
        if (ms < 60_000 || 3_600_000 % ms != 0 || Window.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"{P}window: {Window} must be at least 1 minute and divide one hour");
        }

        if (!double.IsFinite(Ratio) || !(Ratio > 1))
        {
            throw new ArgumentException($"{P}ratio: must be a finite multiple above 1, e.g. 2 for double the baseline");
        }

        if (BaselineWindows is < MinKnownBaseline or > 1440)
        {
            throw new ArgumentException($"{P}baselineWindows: must be from {MinKnownBaseline} to 1440");
        }

        if (Sustain is < 1 or > 60)
        {
            throw new ArgumentException($"{P}sustain: must be from 1 to 60 windows");
        }

        if (!double.IsFinite(MinIncreaseUsdPerMinute) || !(MinIncreaseUsdPerMinute >= 0))
        {
            throw new ArgumentException($"{P}minIncreaseUsdPerMinute: must be zero or more USD");
        }

        if (!double.IsFinite(PerRequestRatio) || !(PerRequestRatio >= 1))
        {
            throw new ArgumentException($"{P}perRequestRatio: must be a finite multiple of at least 1 (1 turns the traffic check off)");
        }

        if (!double.IsFinite(ResolveRatio) || !(ResolveRatio >= 1) || !(ResolveRatio < Ratio))
        {
            throw new ArgumentException($"{P}resolveRatio: must be at least 1 and below ratio ({Ratio}) so the alert does not flap");
        }

        if (ResolveWindows is < 1 or > 60)
        {
            throw new ArgumentException($"{P}resolveWindows: must be from 1 to 60 windows");
        }
    }
}
