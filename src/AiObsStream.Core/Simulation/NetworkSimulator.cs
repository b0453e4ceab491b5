namespace AiObsStream.Core.Simulation;

/// <summary>
/// The network counters of each GPU across a run: healthy links count no errors and carry data in proportion to the
/// GPU's load; the network incidents (<see cref="IncidentCatalog"/>) add errors, link-downs and stalls on aks-gpu-0.
/// </summary>
/// <remarks>
/// Draws from its own generator, so runs with network counters keep every other draw of the run unchanged. Counters
/// start from boot-time values, as a long-running exporter's would.
/// </remarks>
internal sealed class NetworkSimulator
{
    /// <summary>Data an InfiniBand port carries per second at nominal load (about a fifth of a 400 Gb/s NDR port).</summary>
    private const double NominalBytesPerSecond = 10e9;

    private readonly SimRandom _random;
    private readonly long[] _flit;
    private readonly long[] _replay;
    private readonly long[] _downed;
    private readonly long[] _symbol;
    private readonly double[] _rx;
    private readonly double[] _tx;
    private readonly long[] _lastDownMs;

    public NetworkSimulator(SimulationOptions options, int gpus)
    {
        _random = new SimRandom(unchecked((options.Seed * 2_654_435) + 15_485_863));
        (_flit, _replay, _downed, _symbol, _lastDownMs) = (new long[gpus], new long[gpus], new long[gpus], new long[gpus], new long[gpus]);
        (_rx, _tx) = (new double[gpus], new double[gpus]);
        for (int g = 0; g < gpus; g++)
        {
            _replay[g] = 2 + g; // a few replays from bring-up, never growing on a healthy link
            _downed[g] = 1; // the link came up once after boot
            _rx[g] = 4.2e13 + (g * 1.1e12);
            _tx[g] = 3.9e13 + (g * 1.3e12);
            _lastDownMs[g] = long.MinValue;
        }
    }

    /// <summary>Advances GPU <paramref name="g"/>'s counters to scrape time <paramref name="t"/>.</summary>
    public SimNetworkSample Next(long t, int g, double load, IncidentTimeline timeline, long intervalMs)
    {
        bool onFaultyHost = SimFleet.Gpus[g].Host == SimFleet.Gpus[0].Host;
        if (onFaultyHost && timeline.Active(IncidentKind.NvlinkErrors, t))
        {
            _flit[g] += _random.Next(20, 201);
            _replay[g] += _random.Next(5, 51);
        }

        double seconds = intervalMs / 1000.0;
        double share = 1;
        if (g == 0 && timeline.ActiveFor(IncidentKind.InfinibandLinkFlap, t) is var flapping and >= 0)
        {
            if (_lastDownMs[g] == long.MinValue || t - _lastDownMs[g] >= 40_000)
            {
                _downed[g]++;
                _lastDownMs[g] = t;
            }

            _symbol[g] += _random.Next(50, 501);
            share = 0.2;
        }

        double noise = 1 + (0.05 * _random.Normal());
        _rx[g] += Math.Max(0, NominalBytesPerSecond * Math.Max(0.05, load) * share * noise * seconds);
        _tx[g] += Math.Max(0, NominalBytesPerSecond * 0.9 * Math.Max(0.05, load) * share * noise * seconds);
        return new SimNetworkSample(_flit[g], _replay[g], 0, _downed[g], _symbol[g], (long)_rx[g], (long)_tx[g]);
    }
}
