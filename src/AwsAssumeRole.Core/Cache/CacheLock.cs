namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The lock that lets one process at a time make a hop: an exclusive, non-blocking lock on
/// <c>KEY.lock</c>, which .NET takes with <see cref="FileShare.None"/> (<c>flock(LOCK_EX|LOCK_NB)</c> on
/// Unix, a sharing lock on Windows). A busy lock is retried with a growing pause until the wait
/// runs out. The lock goes with the process: a killed holder never leaves it taken.
/// </summary>
internal static class CacheLock
{
    // What a lock held by another process looks like.
    private const int EwouldblockLinux = 11;
    private const int EwouldblockMacOs = 35;
    private const int ErrorSharingViolation = unchecked((int)0x80070020);
    private const int ErrorLockViolation = unchecked((int)0x80070021);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The lock on <paramref name="path"/> (created 0600 when missing), or null when another process
    /// held it for all of <paramref name="wait"/>. Throws <see cref="IOException"/> when the file cannot be made.
    /// </summary>
    public static async Task<FileStream?> AcquireAsync(string path, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            try
            {
                return new FileStream(path, CacheFolder.FileOptions(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException e) when (IsHeldByAnother(e))
            {
                if (time.GetElapsedTime(started) >= wait)
                {
                    return null;
                }
            }
            catch (UnauthorizedAccessException e)
            {
                throw new IOException($"permission denied: {path}", e);
            }

            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    private static bool IsHeldByAnother(IOException e) =>
        e.HResult is EwouldblockLinux or EwouldblockMacOs or ErrorSharingViolation or ErrorLockViolation;
}
