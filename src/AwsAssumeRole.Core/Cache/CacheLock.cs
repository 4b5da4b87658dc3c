namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The lock that lets one process at a time make a hop: an exclusive, non-blocking lock on
/// <c>KEY.lock</c> (<c>flock(LOCK_EX|LOCK_NB)</c> on the descriptor <see cref="CacheDirectory"/>
/// opened without following a link; a sharing lock on Windows). A busy lock is retried with a
/// growing pause until the wait runs out. The lock goes with the process: a killed holder never
/// leaves it taken.
/// </summary>
internal static class CacheLock
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The lock on <paramref name="name"/> in <paramref name="folder"/> (created 0600 when missing), or
    /// null when another process held it for all of <paramref name="wait"/>. Throws
    /// <see cref="IOException"/> when the file cannot be made.
    /// </summary>
    public static async Task<IDisposable?> AcquireAsync(CacheDirectory folder, string name, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            try
            {
                if (folder.TryLock(name) is { } held)
                {
                    return held;
                }
            }
            catch (UnauthorizedAccessException e)
            {
                throw new Errors.DescribedIOException($"permission denied: {name} in {folder.Path}", e);
            }

            if (time.GetElapsedTime(started) >= wait)
            {
                return null;
            }

            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }
}
