using AiObsStream.Core.Incidents;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Core.Tests.Simulation;

public class IncidentCorpusTests
{
    [Fact]
    public void Build_SameSettings_SameScenarios()
    {
        var a = IncidentCorpus.Build(new CorpusSettings { Seeds = 2 });
        var b = IncidentCorpus.Build(new CorpusSettings { Seeds = 2 });

        Assert.Equal(a.Select(s => s.Name), b.Select(s => s.Name));
        Assert.Equal(a.Select(s => s.Options with { Incidents = [] }), b.Select(s => s.Options with { Incidents = [] }));
        Assert.Equal(a.Select(s => string.Join(",", s.Options.Incidents)), b.Select(s => string.Join(",", s.Options.Incidents)));
    }

    [Fact]
    public void Build_PerSeed_EveryKindAloneThreeOverlapsTwoControlsAndAHealthyRun()
    {
        var corpus = IncidentCorpus.Build(new CorpusSettings { Seeds = 3 });

        // per seed: every kind but the control alone, 3 overlaps, the benign release, a healthy run, the content-filter base run
        Assert.Equal(3 * (IncidentCatalog.All.Count + 5), corpus.Count);
        Assert.Equal(corpus.Count, corpus.Select(s => s.Name).Distinct().Count());
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var ofSeed = corpus.Where(s => s.Options.Seed == seed).ToList();
            var singles = ofSeed.Where(s => s.Group == "single").Select(s => Assert.Single(s.Options.Incidents).Kind).Order().ToList();
            Assert.Equal(IncidentCatalog.All.Where(k => k != IncidentKind.BenignRelease), singles);
            Assert.Equal(3, ofSeed.Count(s => s.Group == "overlap"));
            var controls = ofSeed.Where(s => s.Group == "control").ToList();
            Assert.Equal(2, controls.Count);
            Assert.Equal(IncidentKind.BenignRelease, Assert.Single(controls[0].Options.Incidents).Kind);
            Assert.Empty(controls[1].Options.Incidents);
            Assert.Equal(IncidentCatalog.ContentFilterBaseShare, controls[1].Options.ContentFilterBaseShare);
            Assert.Equal(corpus.Last(s => s.Options.Seed == seed), controls[1]); // added last: earlier scenarios keep their variants
            Assert.Empty(Assert.Single(ofSeed, s => s.Group == "healthy").Options.Incidents);
            Assert.All(ofSeed.Where(s => s != controls[1]), s => Assert.Equal(0, s.Options.ContentFilterBaseShare));
        }

        var burstAfterRelease = corpus.First(s => s.Options.Incidents.Any(i => i.Kind == IncidentKind.LoadBurst) && s.Group == "overlap").Options.Incidents;
        Assert.InRange(burstAfterRelease[1].StartMinute - burstAfterRelease[0].StartMinute, 1, 3);
        Assert.Equal(IncidentKind.VersionRegression, burstAfterRelease[0].Kind);
    }

    [Fact]
    public void Build_ThreeSeeds_EveryLoadLevelAndLatencyShapeUsed()
    {
        var corpus = IncidentCorpus.Build(new CorpusSettings { Seeds = 3 });

        Assert.Equal([0.5, 1.0, 3.0], corpus.Select(s => s.Options.RateScale).Distinct().Order());
        Assert.Equal([0.30, 0.45], corpus.Select(s => s.Options.LatencySigma).Distinct().Order());
        Assert.Contains(corpus, s => s.Options.Shape == LatencyShape.Bimodal);
        foreach (var kind in IncidentCatalog.All.Where(k => k != IncidentKind.BenignRelease))
        {
            var alone = corpus.Where(s => s.Group == "single" && s.Options.Incidents[0].Kind == kind).ToList();
            Assert.Equal(3, alone.Select(s => (s.Options.RateScale, s.Options.LatencySigma, s.Options.Shape)).Distinct().Count());
        }
    }

    [Fact]
    public void Build_EveryRunLongEnoughForItsIncidentsAndAShortBaseline()
    {
        foreach (var s in IncidentCorpus.Build(CorpusSettings.Ci))
        {
            s.Options.Validate();
            foreach (var spec in s.Options.Incidents)
            {
                Assert.True(spec.StartMinute >= 6, s.Name);
                var duration = IncidentCatalog.Duration(spec.Kind, 0.999);
                double needed = spec.StartMinute + (duration == TimeSpan.MaxValue ? 10 : duration.TotalMinutes + 2);
                Assert.True(s.Options.Minutes >= needed, $"{s.Name}: {s.Options.Minutes} < {needed}");
            }
        }
    }

    [Fact]
    public void Truth_MatchesInjectedIncidents_ControlsLeftOut()
    {
        foreach (var scenario in IncidentCorpus.Build(CorpusSettings.Ci))
        {
            var generated = TrafficSimulator.Generate(scenario.Options with { Minutes = Math.Min(scenario.Options.Minutes, 40), RateScale = 0.05 });
            var truth = IncidentCorpus.Truth(scenario.Name, generated.Truth);

            Assert.Equal(scenario.Name, truth.Scenario);
            Assert.Equal((generated.Truth.StartUnixMs, generated.Truth.EndUnixMs), (truth.StartMs, truth.EndMs));
            var expected = scenario.Options.Incidents.Where(i => i.Kind != IncidentKind.BenignRelease).ToList();
            Assert.Equal(expected.Select(i => IncidentCatalog.Cause(i.Kind)), truth.Incidents.Select(i => (IncidentCause?)i.Cause));
            Assert.Equal(expected.Select(i => generated.Truth.StartUnixMs + (i.StartMinute * 60_000L)), truth.Incidents.Select(i => i.StartMs));
        }
    }
}
