using AiObsStream.Core.Notifications;

namespace AiObsStream.Core.Tests.Notifications;

public class NotifierOptionsTests
{
    public static TheoryData<string, NotifierOptions> BadOptions() => new()
    {
        { "notifications.keepFiringFor", new NotifierOptions { KeepFiringFor = TimeSpan.FromSeconds(-1) } },
        { "notifications.flapMaxChanges", new NotifierOptions { FlapMaxChanges = 0 } },
        { "notifications.flapWindow", new NotifierOptions { FlapWindow = TimeSpan.Zero } },
        { "notifications.groupWait", new NotifierOptions { GroupWait = TimeSpan.FromSeconds(-5) } },
        { "notifications.groupInterval", new NotifierOptions { GroupInterval = TimeSpan.Zero } },
        { "notifications.repeatInterval", new NotifierOptions { RepeatInterval = TimeSpan.Zero } },
        { "notifications.groupBy: Host listed twice", new NotifierOptions { GroupBy = [GroupLabel.Host, GroupLabel.Host] } },
        { "notifications.groupBy[0]", new NotifierOptions { GroupBy = [(GroupLabel)42] } },
        { "notifications.inhibitSourceRules[1]", new NotifierOptions { InhibitSourceRules = ["gpu-xid-critical", "gpu*-temp"] } },
        { "notifications.inhibitTargetRules[0]", new NotifierOptions { InhibitTargetRules = [""] } },
        { "notifications.hostDeployments.h1", new NotifierOptions { HostDeployments = new Dictionary<string, IReadOnlyList<string>> { ["h1"] = [] } } },
        { "notifications.silences[0] (s): needs at least one matcher", new NotifierOptions { Silences = [new Silence { Id = "s", EndsAtMs = 10 }] } },
        { "notifications.silences[0] (s).endsAt", new NotifierOptions { Silences = [new Silence { Id = "s", Host = "h1", StartsAtMs = 10, EndsAtMs = 10 }] } },
        { "notifications.silences[0] (s).rule", new NotifierOptions { Silences = [new Silence { Id = "s", Rule = "*latency", EndsAtMs = 10 }] } },
        { "notifications.silences[0] (s).deployment", new NotifierOptions { Silences = [new Silence { Id = "s", Deployment = "", EndsAtMs = 10 }] } },
        { "notifications.silences[1].id (s) is defined twice", new NotifierOptions { Silences = [new Silence { Id = "s", Host = "a", EndsAtMs = 10 }, new Silence { Id = "s", Host = "b", EndsAtMs = 10 }] } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_BadSetting_ExceptionNamesIt(string setting, NotifierOptions options)
    {
        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => new AlertNotifier(options));
    }

    [Fact]
    public void Validate_Defaults_MatchAlertmanagerAndPass()
    {
        var options = new NotifierOptions();
        options.Validate();
        Assert.Equal((30, 300, 14_400), ((int)options.GroupWait.TotalSeconds, (int)options.GroupInterval.TotalSeconds, (int)options.RepeatInterval.TotalSeconds));
        // per incident first (an empty incident label is left out of the key, so raw alerts group as before)
        Assert.Equal([GroupLabel.Incident, GroupLabel.Deployment, GroupLabel.Host, GroupLabel.RuleFamily], options.GroupBy);
        Assert.Empty(options.InhibitSourceRules); // the incident layer attributes a faulty host's latency alerts instead
        Assert.Empty(options.InhibitTargetRules);
    }
}
