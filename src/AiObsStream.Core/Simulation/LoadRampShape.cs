namespace AiObsStream.Core.Simulation;

/// <summary>The load of a <see cref="LoadRampSimulator"/> run.</summary>
public enum LoadRampShape
{
    /// <summary>A daily cycle whose amplitude grows day over day until the utilization saturates (truth: cause capacity).</summary>
    Ramp = 0,

    /// <summary>A flat load (utilization constant but for noise): no incident.</summary>
    Flat = 1,

    /// <summary>The daily cycle without growth, peaking below the threshold: no incident.</summary>
    Seasonal = 2,
}
