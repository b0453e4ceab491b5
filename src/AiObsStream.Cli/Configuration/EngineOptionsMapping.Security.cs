using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Core.Network;
using AiObsStream.Core.Security;

namespace AiObsStream.Cli.Configuration;

/// <content>The <c>security</c> and <c>network</c> sections: the event monitors of the sequencer.</content>
internal static partial class EngineOptionsMapping
{
    /// <summary>Caller monitor settings (<c>security.callers</c>) over <paramref name="current"/>.</summary>
    public static CallerMonitorOptions Callers(CallerSettings? s, CallerMonitorOptions current) => s is null ? current : current with
    {
        Enabled = s.Enabled ?? current.Enabled,
        Window = Duration(s.Window, "security.callers.window") ?? current.Window,
        TopK = Int(s.TopK) ?? current.TopK,
        MaxDeployments = Int(s.MaxDeployments) ?? current.MaxDeployments,
        MinBaselineWindows = Int(s.MinBaselineWindows) ?? current.MinBaselineWindows,
        BaselineAlpha = s.BaselineAlpha ?? current.BaselineAlpha,
        SlotDecay = s.SlotDecay ?? current.SlotDecay,
        MinRequests = Int(s.MinRequests) ?? current.MinRequests,
        SurgeFactor = s.SurgeFactor ?? current.SurgeFactor,
        SurgeZ = s.SurgeZ ?? current.SurgeZ,
        NewCallerShare = s.NewCallerShare ?? current.NewCallerShare,
        ResponseFactor = s.ResponseFactor ?? current.ResponseFactor,
    };

    /// <summary>Access monitor settings (<c>security.access</c>) over <paramref name="current"/>.</summary>
    public static AccessMonitorOptions Access(AccessSettings? s, AccessMonitorOptions current) => s is null ? current : current with
    {
        Enabled = s.Enabled ?? current.Enabled,
        Window = Duration(s.Window, "security.access.window") ?? current.Window,
        TopK = Int(s.TopK) ?? current.TopK,
        MaxResources = Int(s.MaxResources) ?? current.MaxResources,
        MaxKnownIdentities = Int(s.MaxKnownIdentities) ?? current.MaxKnownIdentities,
        WarmUp = Duration(s.WarmUp, "security.access.warmUp") ?? current.WarmUp,
        MinBaselineWindows = Int(s.MinBaselineWindows) ?? current.MinBaselineWindows,
        BaselineAlpha = s.BaselineAlpha ?? current.BaselineAlpha,
        SlotDecay = s.SlotDecay ?? current.SlotDecay,
        MinAccesses = Int(s.MinAccesses) ?? current.MinAccesses,
        RateFactor = s.RateFactor ?? current.RateFactor,
        RateZ = s.RateZ ?? current.RateZ,
        ProfileMinDays = Int(s.ProfileMinDays) ?? current.ProfileMinDays,
        ProfileMinAccesses = Int(s.ProfileMinAccesses) ?? current.ProfileMinAccesses,
        OffHoursShare = s.OffHoursShare ?? current.OffHoursShare,
    };

    /// <summary>Dependency monitor settings (<c>network.dependencies</c>) over <paramref name="current"/>.</summary>
    public static DependencyMonitorOptions Dependencies(DependencySettings? s, DependencyMonitorOptions current) => s is null ? current : current with
    {
        Enabled = s.Enabled ?? current.Enabled,
        Window = Duration(s.Window, "network.dependencies.window") ?? current.Window,
        MaxTargets = Int(s.MaxTargets) ?? current.MaxTargets,
        MinBaselineWindows = Int(s.MinBaselineWindows) ?? current.MinBaselineWindows,
        BaselineAlpha = s.BaselineAlpha ?? current.BaselineAlpha,
        MinCalls = Int(s.MinCalls) ?? current.MinCalls,
        MinPathMs = s.MinPathMs ?? current.MinPathMs,
        PathFactor = s.PathFactor ?? current.PathFactor,
        PathShare = s.PathShare ?? current.PathShare,
        MinJitterMs = s.MinJitterMs ?? current.MinJitterMs,
        JitterFactor = s.JitterFactor ?? current.JitterFactor,
    };
}
