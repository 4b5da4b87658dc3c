namespace AwsAssumeRole.Streams;

/// <summary>
/// A crash of this process must not leave its memory, which holds the source keys and every
/// session's secrets, in a core file. Linux: <c>prctl(PR_SET_DUMPABLE, 0)</c>, as ssh-agent does:
/// no core whatever <c>ulimit -c</c> says, and no other process of the user can attach to it or
/// read its memory. The flag belongs to this program only: <c>execve</c> resets it, so a command run
/// after <c>--</c> dumps core (or not) as the user set it up. macOS has no such flag: there the soft
/// <c>RLIMIT_CORE</c> is set to 0, and set back just before <c>execve</c>, since a limit would be
/// inherited by the command. Windows: not handled (Windows Error Reporting is configured per machine).
/// </summary>
internal static unsafe class CoreDumps
{
    private static Libc.ResourceLimit? savedLimit;

    /// <summary>Turns core dumps off for this process. Called first thing, before any secret is read.</summary>
    public static void Disable()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Libc.Prctl(Libc.PR_SET_DUMPABLE, 0, 0, 0, 0);
        }
        else if (OperatingSystem.IsMacOS())
        {
            Libc.ResourceLimit limit;
            if (Libc.GetResourceLimit(Libc.RLIMIT_CORE, &limit) == 0)
            {
                savedLimit = limit;
                // Only the soft limit: the hard one stays, so the soft one can be raised back later.
                var none = new Libc.ResourceLimit { Current = 0, Maximum = limit.Maximum };
                _ = Libc.SetResourceLimit(Libc.RLIMIT_CORE, &none);
            }
        }
    }

    /// <summary>Gives a command about to replace this process (execve) the core-dump limit the tool was started with.</summary>
    public static void RestoreForCommand()
    {
        if (savedLimit is { } saved)
        {
            _ = Libc.SetResourceLimit(Libc.RLIMIT_CORE, &saved);
        }
    }
}
