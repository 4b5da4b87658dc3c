using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Server;

/// <summary>
/// Holds the credentials <c>serve</c> hands out and keeps them fresh: in the background, once fewer
/// than the margin (<c>--min-remaining</c>) remain, it runs the chain again (the session makes only
/// the hops that need it), so requests are always answered from memory and never wait for STS.
/// Only this loop runs the chain: any number of concurrent requests cause no chain run at all. A
/// failed refresh is tried again after <see cref="RefreshBackoff"/>'s wait, while the old
/// credentials keep being served until they expire; from then on requests get the failure (503)
/// until a refresh succeeds. Every refresh and every failure is one line in the log, never a secret.
/// A failure only the user can mend (exit 2: an MFA code serve cannot ask for, an SSO sign-in that
/// ended) is tried again every <see cref="NeedsUserRetry"/>, so a sign-in made elsewhere is picked
/// up, and told once, not at every try.
/// </summary>
public sealed class CredentialsKeeper
{
    private readonly Func<TimeSpan, CancellationToken, Task<ChainResult>> refresh;
    private readonly TimeSpan minRemaining;
    private readonly TimeProvider time;
    private readonly IChainLog log;
    private readonly RefreshBackoff backoff;
    private readonly int hopCount;
    private State state;

    /// <summary>The wait between tries of a failure only the user can mend.</summary>
    public static readonly TimeSpan NeedsUserRetry = TimeSpan.FromMinutes(1);

    /// <summary>Starts from the credentials of the chain's first run.</summary>
    /// <param name="initial">The first run's result; its credentials must have an expiry.</param>
    /// <param name="hopCount">The number of hops of the chain (for the log).</param>
    /// <param name="refresh">
    /// Runs the chain again, returning credentials valid for more than the given time: more than
    /// the margin, and more than the credentials held have left, so a session (or a cache) that
    /// still holds those is not content with them. Without that, a timer that fires a millisecond
    /// before the wall clock reaches the margin would get the same credentials back, again and
    /// again, until it does (seen: dozens of runs in a row).
    /// </param>
    /// <param name="minRemaining">Refresh once fewer than this remain.</param>
    /// <param name="time">The clock.</param>
    /// <param name="log">Where each refresh and failure is told.</param>
    /// <param name="backoff">Waits between failed tries.</param>
    public CredentialsKeeper(ChainResult initial, int hopCount, Func<TimeSpan, CancellationToken, Task<ChainResult>> refresh, TimeSpan minRemaining, TimeProvider time, IChainLog log, RefreshBackoff? backoff = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(refresh);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(log);
        _ = ExpirationOf(initial);
        (this.refresh, this.minRemaining, this.time, this.log, this.hopCount) = (refresh, minRemaining, time, log, hopCount);
        this.backoff = backoff ?? new RefreshBackoff();
        state = new State(initial, null);
    }

    /// <summary>The freshest credentials held (possibly expired: see <see cref="Snapshot"/>).</summary>
    public ChainResult Current => Volatile.Read(ref state).Current;

    /// <summary>Successful refreshes so far.</summary>
    public int Refreshes { get; private set; }

    /// <summary>Failed refresh attempts so far.</summary>
    public int Failures { get; private set; }

    /// <summary>
    /// What a request is answered with, read once: the credentials held, and the failure of the
    /// last refresh when the latest attempt failed (null when it succeeded or none was due yet).
    /// </summary>
    public (ChainResult Current, string? LastFailure) Snapshot()
    {
        var now = Volatile.Read(ref state);
        return (now.Current, now.LastFailure);
    }

    /// <summary>True when <paramref name="result"/>'s credentials have expired at <paramref name="now"/>.</summary>
    public static bool IsExpired(ChainResult result, DateTimeOffset now) => ExpirationOf(result) <= now;

    /// <summary>Refreshes until <paramref name="cancellationToken"/> is cancelled; then returns.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failuresInARow = 0;
        TimeSpan? retryIn = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var current = Current;
            var wait = retryIn ?? ExpirationOf(current) - minRemaining - time.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }

                var held = ExpirationOf(current) - time.GetUtcNow();
                var result = await refresh(held > minRemaining ? held : minRemaining, cancellationToken).ConfigureAwait(false);
                var expires = ExpirationOf(result);
                if (expires <= ExpirationOf(current))
                {
                    throw AssumeRoleException.AwsFailure($"the chain returned no fresher credentials than those held, which expire at {Iso8601.Format(ExpirationOf(current))}");
                }

                if (expires - time.GetUtcNow() <= minRemaining)
                {
                    // Never a loop of back-to-back chain runs: credentials that are short already
                    // count as a failure, and are tried again after a wait.
                    throw AssumeRoleException.AwsFailure($"the chain returned credentials that expire at {Iso8601.Format(expires)}, within --min-remaining {Durations.Describe((int)minRemaining.TotalSeconds)}");
                }

                failuresInARow = 0;
                retryIn = null;
                Refreshes++;
                Volatile.Write(ref state, new State(result, null));
                log.Info($"serve: new credentials for {result.FinalRole}, valid until {Iso8601.Format(expires)} ({result.HopsAssumed} of {hopCount} hop{(hopCount == 1 ? string.Empty : "s")} assumed again)");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failuresInARow++;
                Failures++;
                var message = e is AssumeRoleException ? e.Message : $"unexpected {e.GetType().Name}: {Messages.OneLine(e.Message)}";
                var told = Volatile.Read(ref state).LastFailure == message;
                Volatile.Write(ref state, new State(current, message));
                var now = time.GetUtcNow();
                var expires = Iso8601.Format(ExpirationOf(current));
                var serving = IsExpired(current, now)
                    ? $"the credentials expired at {expires}: requests get 503 until a refresh succeeds"
                    : $"still serving the credentials valid until {expires}";
                if (e is AssumeRoleException { ExitCode: ExitCodes.BadInput } needsUser)
                {
                    retryIn = NeedsUserRetry;
                    if (!told)
                    {
                        log.Warning($"serve: refresh failed: {message}; {serving}; tried again every minute{(needsUser.Hint is { } hint ? $"; {hint}" : string.Empty)}");
                    }

                    continue;
                }

                retryIn = backoff.Delay(failuresInARow, IsExpired(current, now));
                log.Warning($"serve: refresh failed ({failuresInARow} in a row): {message}; {serving}; next try in {Math.Max(1, (int)Math.Round(retryIn.Value.TotalSeconds))}s");
            }
        }
    }

    private static DateTimeOffset ExpirationOf(ChainResult result) =>
        result.Credentials.Expiration ?? throw new ArgumentException("served credentials must have an expiry", nameof(result));

    private sealed record State(ChainResult Current, string? LastFailure);
}
