using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AiObsStream.Benchmarks.EndToEnd;

/// <summary>What one child process cost: its own user and system CPU, its peak resident set and the wall time.</summary>
/// <param name="ExitCode">The exit status, or 128 + the signal number when a signal ended it.</param>
/// <param name="UserSeconds">ru_utime of the child (all its threads).</param>
/// <param name="SystemSeconds">ru_stime of the child.</param>
/// <param name="PeakRssBytes">ru_maxrss of the child (the kernel reports KiB; converted).</param>
/// <param name="WallSeconds">From just before posix_spawn to the return of wait4.</param>
internal readonly record struct ChildUsage(int ExitCode, double UserSeconds, double SystemSeconds, long PeakRssBytes, double WallSeconds)
{
    /// <summary>User + system: the CPU time a user is charged for the run.</summary>
    public double CpuSeconds => UserSeconds + SystemSeconds;
}

/// <summary>
/// Runs a command as a fresh child process and measures exactly that child, not the harness: the child is started
/// with <c>posix_spawnp</c> and reaped with <c>wait4(pid)</c>, whose <c>struct rusage</c> is the child's own
/// accounting (user and system time of all its threads, peak RSS), filled in by the kernel when the child is
/// reaped. This is exact where <c>/proc/PID/stat</c> sampling races the reaper and
/// <see cref="Process.TotalProcessorTime"/> is unavailable after exit. The runtime's SIGCHLD handler only reaps
/// children that <see cref="Process"/> started, so it never takes this child's status (or its rusage) away.
/// One caveat on peak RSS: glibc's posix_spawn (like .NET's Process.Start) runs the child in the parent's address
/// space until exec (clone with CLONE_VM | CLONE_VFORK), and Linux carries that address space's RSS high-water mark
/// into the child's ru_maxrss at exec. A child's figure therefore never reads below the harness's own peak RSS; the
/// harness keeps that small (it never holds an input file in memory) and prints it with the table.
/// Linux x64 only (the layouts below are glibc's on x86-64).
/// </summary>
internal static class ChildProcessUsage
{
    private const int OWronly = 0x1;
    private const int OCreat = 0x40;
    private const int OTrunc = 0x200;
    private const int EIntr = 4;

    /// <summary>
    /// Runs <paramref name="file"/> (looked up on PATH when it has no slash) with <paramref name="args"/>; stdin is
    /// /dev/null, stdout and stderr go to the given files (so the child never blocks on a pipe the harness reads).
    /// The environment is the harness's, less the runtime knobs that would change what is measured.
    /// </summary>
    public static ChildUsage Run(string file, IReadOnlyList<string> args, string stdoutPath, string stderrPath)
    {
        var toFree = new List<IntPtr>();
        IntPtr Utf8(string s)
        {
            var p = Marshal.StringToCoTaskMemUTF8(s);
            toFree.Add(p);
            return p;
        }

        // posix_spawn_file_actions_t is 80 bytes on glibc x86-64; 512 leaves room for any libc.
        var actions = Marshal.AllocHGlobal(512);
        try
        {
            Check(PosixSpawnFileActionsInit(actions), "posix_spawn_file_actions_init");
            Check(PosixSpawnFileActionsAddOpen(actions, 0, Utf8("/dev/null"), 0, 0), "addopen stdin");
            Check(PosixSpawnFileActionsAddOpen(actions, 1, Utf8(stdoutPath), OWronly | OCreat | OTrunc, 420), "addopen stdout");
            Check(PosixSpawnFileActionsAddOpen(actions, 2, Utf8(stderrPath), OWronly | OCreat | OTrunc, 420), "addopen stderr");
            var argv = new IntPtr[args.Count + 2];
            argv[0] = Utf8(file);
            for (var i = 0; i < args.Count; i++)
            {
                argv[i + 1] = Utf8(args[i]);
            }

            var env = ChildEnvironment();
            var envp = new IntPtr[env.Count + 1];
            for (var i = 0; i < env.Count; i++)
            {
                envp[i] = Utf8(env[i]);
            }

            var clock = Stopwatch.StartNew();
            Check(PosixSpawnP(out var pid, argv[0], actions, IntPtr.Zero, argv, envp), $"posix_spawnp {file}");
            var usage = new long[18];
            int status;
            while (Wait4(pid, out status, 0, usage) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != EIntr)
                {
                    throw new InvalidOperationException($"wait4({pid}) failed: errno {errno}");
                }
            }

            clock.Stop();
            var exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);

            // struct rusage: ru_utime {sec, usec}, ru_stime {sec, usec}, ru_maxrss (KiB), then counters we do not use.
            return new ChildUsage(
                exit,
                usage[0] + (usage[1] / 1e6),
                usage[2] + (usage[3] / 1e6),
                usage[4] * 1024,
                clock.Elapsed.TotalSeconds);
        }
        finally
        {
            _ = PosixSpawnFileActionsDestroy(actions);
            Marshal.FreeHGlobal(actions);
            foreach (var p in toFree)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    /// <summary>
    /// The harness's environment without DOTNET_*/COMPlus_* runtime settings (a user's run has the defaults the
    /// binary ships with: its runtimeconfig.json decides, not a variable left in the shell that started the harness);
    /// DOTNET_ROOT (where the apphost finds the runtime) is kept.
    /// </summary>
    private static List<string> ChildEnvironment()
    {
        var list = new List<string>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            var runtimeKnob = (key.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase) && !key.StartsWith("DOTNET_ROOT", StringComparison.OrdinalIgnoreCase))
                || key.StartsWith("COMPlus_", StringComparison.OrdinalIgnoreCase);
            if (!runtimeKnob)
            {
                list.Add($"{key}={e.Value}");
            }
        }

        return list;
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0)
        {
            throw new InvalidOperationException($"{what} failed: error {rc}");
        }
    }

    [DllImport("libc", EntryPoint = "posix_spawnp")]
    private static extern int PosixSpawnP(out int pid, IntPtr file, IntPtr fileActions, IntPtr attributes, IntPtr[] argv, IntPtr[] envp);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static extern int PosixSpawnFileActionsInit(IntPtr actions);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    private static extern int PosixSpawnFileActionsAddOpen(IntPtr actions, int fd, IntPtr path, int flags, int mode);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static extern int PosixSpawnFileActionsDestroy(IntPtr actions);

    [DllImport("libc", EntryPoint = "wait4", SetLastError = true)]
    private static extern int Wait4(int pid, out int status, int options, [Out] long[] usage);
}
