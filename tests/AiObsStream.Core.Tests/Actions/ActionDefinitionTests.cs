using AiObsStream.Core.Actions;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Tests.Actions;

public class ActionDefinitionTests
{
    private static readonly ActionDefinition Valid = new() { Name = "scale", Severity = Severity.Critical, Url = new Uri("https://ops.example/hook?sig=secret") };

    [Fact]
    public void Valid_Passes_TargetHidesTheQuery()
    {
        Valid.Validate("actions[0]");
        Assert.Equal("https://ops.example/hook", Valid.Target);
    }

    [Theory]
    [InlineData("name", "actions[0].name must be set")]
    [InlineData("slash", "actions[0] (a/b).name: no spaces or '/'")]
    [InlineData("matcher", "actions[0] (scale).on: needs at least one of cause, rule, severity")]
    [InlineData("rule", "actions[0] (scale).on.rule ('a*b'): '*' is only allowed once")]
    [InlineData("scheme", "actions[0] (scale).url: 'ftp://ops.example/hook' is not an absolute http(s) URL")]
    [InlineData("logicapp", "actions[0] (scale).url: a Logic App trigger is called over https")]
    [InlineData("rate", "actions[0] (scale).rateLimit.perHour: at least 1")]
    [InlineData("cooldown", "actions[0] (scale).cooldown: must not be negative")]
    [InlineData("severity", "actions[0] (scale).on.severity: use warning or critical")]
    public void Invalid_ThrowsNamingTheSetting(string what, string message)
    {
        var bad = what switch
        {
            "name" => Valid with { Name = " " },
            "slash" => Valid with { Name = "a/b" },
            "matcher" => Valid with { Severity = null },
            "rule" => Valid with { Rule = "a*b" },
            "scheme" => Valid with { Url = new Uri("ftp://ops.example/hook") },
            "logicapp" => Valid with { Kind = ActionKind.LogicApp, Url = new Uri("http://ops.example/hook") },
            "rate" => Valid with { PerHour = 0 },
            "cooldown" => Valid with { Cooldown = TimeSpan.FromMinutes(-1) },
            _ => Valid with { Severity = Severity.None },
        };
        var ex = Assert.Throws<ArgumentException>(() => bad.Validate("actions[0]"));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateNames_Rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => ActionDefinition.ValidateAll([Valid, Valid]));
        Assert.Equal("actions[1].name: 'scale' is used twice (names key the idempotency)", ex.Message);
    }

    [Fact]
    public void Names_RoundTrip()
    {
        foreach (var kind in Enum.GetValues<ActionKind>())
        {
            Assert.True(ActionNames.TryParse(ActionNames.Name(kind), out ActionKind back) && back == kind);
        }

        foreach (var payload in Enum.GetValues<ActionPayload>())
        {
            Assert.True(ActionNames.TryParse(ActionNames.Name(payload), out ActionPayload back) && back == payload);
        }

        Assert.False(ActionNames.TryParse("rollback", out ActionPayload _));
        Assert.True(ActionNames.TryParse("OPEN", out ActionTrigger t) && t == ActionTrigger.Open);
    }
}
