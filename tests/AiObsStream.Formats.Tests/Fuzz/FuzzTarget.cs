using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>
/// One parser under fuzz as the engine drives it: a fresh instance per run, fed a sequence of units in order (so state
/// kept across units — string pools, label caches, metadata — is exercised too).
/// </summary>
internal abstract class FuzzTarget
{
    /// <summary>Parses <paramref name="units"/> in order with one fresh parser; one outcome per unit.</summary>
    public UnitOutcome[] Run(IReadOnlyList<byte[]> units)
    {
        var outcomes = new UnitOutcome[units.Count];
        using var buffer = new EventBuffer(64);
        var rejects = new List<ParseError>();
        var session = Start();
        try
        {
            for (var i = 0; i < units.Count; i++)
            {
                buffer.Clear();
                rejects.Clear();
                var uncountedBefore = session.Uncounted;
                try
                {
                    var ok = session.TryParse(units[i], buffer, rejects, out var failure);
                    var events = new string[buffer.Count];
                    for (var e = 0; e < events.Length; e++)
                    {
                        events[e] = UnitOutcome.Project(buffer.Span[e]);
                    }

                    outcomes[i] = new UnitOutcome(ok, events, [.. rejects], failure, session.Uncounted - uncountedBefore, null);
                }
#pragma warning disable CA1031 // the oracle records any exception: parsers must never throw on any byte input
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    outcomes[i] = new UnitOutcome(false, [], [], default, 0, ex);
                }
            }
        }
        finally
        {
            session.Close();
        }

        return outcomes;
    }

    /// <summary>A fresh parser.</summary>
    protected abstract Session Start();

    /// <summary>One parser instance and how to read its "understood but not counted" counter.</summary>
    internal abstract class Session : IUnitParser
    {
        public abstract long Uncounted { get; }

        public abstract bool TryParse(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> recordRejects, out ParseError failure);

        /// <summary>Releases the parser (pooled buffers) at the end of a run.</summary>
        public virtual void Close()
        {
        }
    }
}
