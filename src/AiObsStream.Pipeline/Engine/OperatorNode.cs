namespace AiObsStream.Pipeline.Engine;

/// <summary>Where a node of the <see cref="OperatorGraph"/> runs.</summary>
internal enum Placement
{
    /// <summary>In every partition worker, on the series routed to it (hash of the series % partitions).</summary>
    PerPartition,

    /// <summary>
    /// In the fan-out stage: state keyed so that no other operator of the stage touches it; the stage's operators run
    /// concurrently on the same read-only rows, their outputs merged in the declared order.
    /// </summary>
    PerKey,

    /// <summary>On the output stage's thread: needs every partition's rows or the whole tick's alerts.</summary>
    Global,
}

/// <summary>One declared node of the <see cref="OperatorGraph"/>.</summary>
/// <param name="Name">The node's name (an operator's <c>Name</c>, or a plumbing step).</param>
/// <param name="Placement">Where it runs.</param>
/// <param name="KeyedBy">What its state is keyed on.</param>
/// <param name="Consumes">What it reads, and from which node.</param>
/// <param name="Why">Why it sits where it does (the edge that orders it).</param>
internal sealed record OperatorNode(string Name, Placement Placement, string KeyedBy, string Consumes, string Why);
