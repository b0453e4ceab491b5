using AiObsStream.Core.State;

namespace AiObsStream.Pipeline.Engine;

/// <content>Checkpoint of the per-window version votes and the last version per deployment.</content>
internal sealed partial class VersionResolver
{
    private const string StateTag = "VRES";
    private const byte StateVersion = 1;

    /// <summary>Writes both maps, sorted by key (their order has no effect, so the bytes are canonical).</summary>
    /// <param name="writer">The destination.</param>
    public void SaveState(BinaryWriter writer) => StateFrame.Write(writer, StateTag, StateVersion, this, static (w, self) =>
    {
        var windows = new List<KeyValuePair<(long Window, string Deployment), (string Version, long Requests)>>(self._byWindow);
        windows.Sort(static (a, b) => a.Key.Window != b.Key.Window ? a.Key.Window.CompareTo(b.Key.Window)
            : string.CompareOrdinal(a.Key.Deployment, b.Key.Deployment));
        w.Write(windows.Count);
        foreach (var ((window, deployment), (version, requests)) in windows)
        {
            w.Write(window);
            w.Write(deployment);
            w.Write(version);
            w.Write(requests);
        }

        var latest = new List<KeyValuePair<string, string>>(self._latest);
        latest.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        w.Write(latest.Count);
        foreach (var (deployment, version) in latest)
        {
            w.Write(deployment);
            w.Write(version);
        }
    });

    /// <summary>Replaces both maps with a state written by <see cref="SaveState"/>.</summary>
    /// <param name="reader">The source.</param>
    /// <exception cref="InvalidDataException">The state is truncated, corrupt or of another version.</exception>
    public void RestoreState(BinaryReader reader) => StateFrame.Read(reader, StateTag, StateVersion, nameof(VersionResolver), this, static (r, self) =>
    {
        self._byWindow.Clear();
        self._latest.Clear();
        self._oldest = long.MinValue; // unknown until the next prune walks the restored windows
        var windows = StateFrame.ReadCount(r, "window votes");
        for (var i = 0; i < windows; i++)
        {
            var key = (r.ReadInt64(), r.ReadString());
            StateFrame.Check(self._byWindow.TryAdd(key, (r.ReadString(), r.ReadInt64())), "a window vote is repeated");
        }

        var latest = StateFrame.ReadCount(r, "deployments");
        for (var i = 0; i < latest; i++)
        {
            StateFrame.Check(self._latest.TryAdd(r.ReadString(), r.ReadString()), "a deployment is repeated");
        }
    });
}
