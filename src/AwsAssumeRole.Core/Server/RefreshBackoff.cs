namespace AwsAssumeRole.Core.Server;

/// <summary>
/// How long to wait before trying a failed refresh again: 1 s, doubled at each failure in a row, at
/// most 30 s while the served credentials are still valid and at most 5 s once they have expired
/// (every client is failing then, so STS's return is worth noticing soon). Each wait is between half
/// and all of that ("equal jitter"), so many servers throttled together do not retry together.
/// </summary>
/// <param name="random">A number in [0, 1) per call; <see cref="Random.Shared"/> by default.</param>
public sealed class RefreshBackoff(Func<double>? random = null)
{
    /// <summary>The first wait before jitter.</summary>
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait while valid credentials are still served.</summary>
    public static readonly TimeSpan MaxWhileValid = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait once the served credentials have expired.</summary>
    public static readonly TimeSpan MaxWhileExpired = TimeSpan.FromSeconds(5);

    private readonly Func<double> random = random ?? Random.Shared.NextDouble;

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row (1 for the first).</summary>
    public TimeSpan Delay(int failures, bool expired)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var cap = expired ? MaxWhileExpired : MaxWhileValid;
        var exponent = Math.Min(failures - 1, 16);
        var full = TimeSpan.FromTicks(Math.Min(First.Ticks << exponent, cap.Ticks));
        return full / 2 + full / 2 * Math.Clamp(random(), 0, 1);
    }
}
