using System.Runtime.InteropServices;

namespace AwsAssumeRole.Exec;

internal static unsafe partial class Posix
{
    // posix_spawnattr_t is 336 bytes on glibc and a pointer on macOS; sigset_t 128 and 4 bytes.
    private const int SpawnAttributesSize = 1024;
    private const int SignalSetSize = 256;
    private const short POSIX_SPAWN_SETPGROUP = 0x02; // the same on glibc and macOS
    private const short POSIX_SPAWN_SETSIGDEF = 0x04;
    private const int SIGCHLD_Linux = 17;
    private const int SIGCHLD_MacOS = 20;
    private const int P_PID = 1;
    private const int WEXITED = 4;
    private const int CLD_EXITED = 1;
    private const int EINTR = 4;

    private static int WNOWAIT => OperatingSystem.IsMacOS() ? 0x20 : 0x01000000;

    // In siginfo_t: si_code after si_signo and si_errno; si_status after si_pid and si_uid (and,
    // on 64-bit Linux, the padding that aligns the union).
    private static int StatusOffset => OperatingSystem.IsMacOS() ? 20 : 24;

    private static int SIGCHLD => OperatingSystem.IsMacOS() ? SIGCHLD_MacOS : SIGCHLD_Linux;

    /// <summary>
    /// Starts <paramref name="path"/> with <paramref name="argv"/> and <paramref name="envp"/>
    /// (NUL-terminated arrays of UTF-8 strings), in a process group of its own when
    /// <paramref name="ownProcessGroup"/>; its pid, or the errno when it could not start. The
    /// runtime does not know this child: <see cref="WaitForExit"/> reaps it.
    /// </summary>
    public static int Spawn(string path, nint[] argv, nint[] envp, bool ownProcessGroup, out int pid)
    {
        KeepChildrenToWaitFor();
        var attributes = NativeMemory.AllocZeroed(SpawnAttributesSize);
        var defaults = NativeMemory.AllocZeroed(SignalSetSize);
        try
        {
            var error = SpawnAttrInitNative((nint)attributes);
            if (error != 0)
            {
                pid = 0;
                return error;
            }

            try
            {
                // The runtime ignores SIGPIPE and a command inherits an ignored signal: 'yes | head -1'
                // in the command would never end. Handled signals go back to their defaults by
                // themselves; ignored ones that this process was started with (SIGINT in a
                // background job of a script) stay ignored, as a shell would pass them on.
                _ = SignalEmptySetNative((nint)defaults);
                _ = SignalAddSetNative((nint)defaults, SIGPIPE);
                _ = SpawnAttrSetSignalDefaultNative((nint)attributes, (nint)defaults);
                var flags = POSIX_SPAWN_SETSIGDEF;
                if (ownProcessGroup)
                {
                    flags |= POSIX_SPAWN_SETPGROUP;
                    _ = SpawnAttrSetProcessGroupNative((nint)attributes, 0);
                }

                _ = SpawnAttrSetFlagsNative((nint)attributes, flags);
                return SpawnNative(out pid, path, 0, (nint)attributes, argv, envp);
            }
            finally
            {
                _ = SpawnAttrDestroyNative((nint)attributes);
            }
        }
        finally
        {
            NativeMemory.Free(attributes);
            NativeMemory.Free(defaults);
        }
    }

    /// <summary>
    /// Blocks until child <paramref name="pid"/> has ended, calls <paramref name="ended"/> while it
    /// is still a zombie (its pid cannot have been reused yet, so a signal sent before this returns
    /// reaches nobody else), reaps it and returns its exit code: 128+N when signal N ended it.
    /// </summary>
    public static int WaitForExit(int pid, Action ended)
    {
        var info = stackalloc byte[256];
        while (WaitIdNative(P_PID, pid, (nint)info, WEXITED | WNOWAIT) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != EINTR)
            {
                throw new InvalidOperationException($"waitid({pid}): {Marshal.GetPInvokeErrorMessage(error)}");
            }
        }

        // From the status waitid gave: were the runtime to reap every child (as pid 1 it does),
        // the exit code is not lost.
        var code = *(int*)(info + 8);
        var status = *(int*)(info + StatusOffset);
        ended();
        while (WaitPidNative(pid, 0, 0) < 0 && Marshal.GetLastPInvokeError() == EINTR)
        {
        }

        return code == CLD_EXITED ? status & 0xff : 128 + status;
    }

    /// <summary>
    /// A process started with SIGCHLD ignored gets its children reaped by the kernel, exit codes
    /// lost; the default keeps them for <see cref="WaitForExit"/> (and changes nothing else).
    /// </summary>
    private static void KeepChildrenToWaitFor()
    {
        var action = stackalloc nint[64];
        if (SignalActionNative(SIGCHLD, 0, (nint)action) == 0 && action[0] == SIG_IGN)
        {
            _ = Signal(SIGCHLD, SIG_DFL);
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SpawnNative(out int pid, string path, nint fileActions, nint attributes, nint[] argv, nint[] envp);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static partial int SpawnAttrInitNative(nint attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static partial int SpawnAttrDestroyNative(nint attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static partial int SpawnAttrSetFlagsNative(nint attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setpgroup")]
    private static partial int SpawnAttrSetProcessGroupNative(nint attributes, int processGroup);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static partial int SpawnAttrSetSignalDefaultNative(nint attributes, nint signals);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    private static partial int SignalEmptySetNative(nint signals);

    [LibraryImport("libc", EntryPoint = "sigaddset")]
    private static partial int SignalAddSetNative(nint signals, int signal);

    [LibraryImport("libc", EntryPoint = "sigaction")]
    private static partial int SignalActionNative(int signal, nint action, nint oldAction);

    [LibraryImport("libc", EntryPoint = "waitid", SetLastError = true)]
    private static partial int WaitIdNative(int idType, int id, nint info, int options);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPidNative(int pid, nint status, int options);
}
