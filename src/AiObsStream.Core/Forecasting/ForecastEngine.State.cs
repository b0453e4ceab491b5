using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Forecasting;

/// <content>Checkpointing: every series' open buckets, bounded history and alert state, and every deployment's open
/// hours and capacity samples, in one <see cref="StateFrame"/>. The latest forecasts are not saved: the next closed hour
/// recomputes them from the history.</content>
public sealed partial class ForecastEngine
{
    private const string StateTag = "FCST";
    private const byte StateVersion = 1;

    /// <summary>Writes the engine's checkpoint section.</summary>
    public void SaveState(BinaryWriter writer) => StateFrame.Write(writer, StateTag, StateVersion, this, static (w, self) =>
    {
        w.Write(self._maxWindowEndMs);
        w.Write(self._series.Count);
        foreach (var s in self._series.Values)
        {
            w.Write((byte)s.Target);
            w.Write(s.Deployment);
            w.Write((byte)s.Source);
            w.Write(s.Host);
            w.Write(s.Gpu);
            w.Write(s.ModelName);
            w.Write(s.ModelVersion);
            s.History.Write(w);
            w.Write(s.Open.Count);
            foreach (var (hour, b) in s.Open)
            {
                w.Write(hour);
                w.Write(b.Sum);
                w.Write(b.Rows);
                var windows = b.Windows; // ascending, as the sorted copy written before
                w.Write(windows.Length);
                foreach (var start in windows)
                {
                    w.Write(start);
                }
            }

            StateIo.WriteNullable(w, s.AlertId);
            w.Write(s.AlertStartsAtMs);
        }

        w.Write(self._capacity.Count);
        foreach (var (deployment, c) in self._capacity)
        {
            w.Write(deployment);
            w.Write(c.GpusNeeded);
            w.Write(c.Samples.Count);
            foreach (var v in c.Samples)
            {
                w.Write(v);
            }

            w.Write(c.Open.Count);
            foreach (var (hour, (gpus, p95)) in c.Open)
            {
                w.Write(hour);
                w.Write(p95);
                var sorted = gpus.ToArray();
                Array.Sort(sorted, StringComparer.Ordinal);
                w.Write(sorted.Length);
                foreach (var g in sorted)
                {
                    w.Write(g);
                }
            }
        }
    });

    /// <summary>Restores a section written by <see cref="SaveState"/> into this fresh engine.</summary>
    /// <exception cref="InvalidDataException">The section is corrupt, truncated or of another version.</exception>
    public void RestoreState(BinaryReader reader) => StateFrame.Read(reader, StateTag, StateVersion, nameof(ForecastEngine), this, static (r, self) =>
    {
        self._maxWindowEndMs = r.ReadInt64();
        for (int i = 0, n = Count(r); i < n; i++)
        {
            var target = (ForecastTarget)r.ReadByte();
            var deployment = r.ReadString();
            var source = (TelemetrySource)r.ReadByte();
            StateFrame.Check(Enum.IsDefined(target) && Enum.IsDefined(source), "unknown forecast target or source");
            var s = new ForecastSeries(target, deployment, source, r.ReadString(), r.ReadString(), self._options.MaxHours)
            {
                ModelName = r.ReadString(),
                ModelVersion = r.ReadString(),
            };
            s.History.Read(r);
            for (int j = 0, m = Count(r); j < m; j++)
            {
                var hour = r.ReadInt64();
                var b = new HourBucket { Sum = r.ReadDouble(), Rows = r.ReadInt32() };
                for (int k = 0, windows = Count(r); k < windows; k++)
                {
                    b.AddWindow(r.ReadInt64());
                }

                s.Open[hour] = b;
                self._openHours.Add(hour);
            }

            s.AlertId = StateIo.ReadNullable(r);
            s.AlertStartsAtMs = r.ReadInt64();
            self._series[s.Key()] = s;
        }

        var needed = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0, n = Count(r); i < n; i++)
        {
            var c = new DeploymentCapacity(self._options.MaxHours);
            var deployment = r.ReadString();
            c.GpusNeeded = r.ReadDouble();
            for (int j = 0, m = Count(r); j < m; j++)
            {
                c.AddSample(r.ReadDouble());
            }

            for (int j = 0, m = Count(r); j < m; j++)
            {
                var hour = r.ReadInt64();
                var p95 = r.ReadDouble();
                var gpus = new HashSet<string>(StringComparer.Ordinal);
                for (int k = 0, g = Count(r); k < g; k++)
                {
                    gpus.Add(r.ReadString());
                }

                c.Open[hour] = (gpus, p95);
                self._openHours.Add(hour);
            }

            self._capacity[deployment] = c;
            if (!double.IsNaN(c.GpusNeeded))
            {
                needed[deployment] = c.GpusNeeded;
            }
        }

        Volatile.Write(ref self._gpusNeeded, needed);
    });

    private static int Count(BinaryReader r)
    {
        var n = r.ReadInt32();
        StateFrame.Check(n is >= 0 and <= 1 << 24, $"count {n} out of range");
        return n;
    }
}
