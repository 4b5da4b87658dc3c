namespace AwsAssumeRole.Core.Errors;

/// <summary>The exit codes users script against (see README, "Exit codes").</summary>
public static class ExitCodes
{
    /// <summary>Credentials were printed or the command ran.</summary>
    public const int Success = 0;

    /// <summary>AWS refused, failed or could not be reached; or stdout failed (full disk, I/O error).</summary>
    public const int AwsFailure = 1;

    /// <summary>Bad command line or bad input; no network call was made.</summary>
    public const int BadInput = 2;

    /// <summary>The command after <c>--</c> was found but could not be run (as in POSIX shells).</summary>
    public const int CommandCannotRun = 126;

    /// <summary>The command after <c>--</c> was not found (as in POSIX shells).</summary>
    public const int CommandNotFound = 127;

    /// <summary>
    /// The reader of stdout went away before the credentials were written (<c>| true</c>): what a
    /// shell reports for a process killed by SIGPIPE, 128 + 13.
    /// </summary>
    public const int BrokenPipe = 141;

    /// <summary>A command that died of signal N ends the tool with 128 + N (as in POSIX shells).</summary>
    public const int SignalBase = 128;
}
