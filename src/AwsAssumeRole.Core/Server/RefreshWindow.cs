using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;

namespace AwsAssumeRole.Core.Server;

/// <summary>
/// <c>serve</c>'s <c>--min-remaining</c>: how much validity is left when it renews the credentials.
/// Its default, 20 minutes, is more than the 15 minutes under which botocore (the aws CLI, boto3)
/// asks again on every call, so clients never see credentials that are about to lapse; for a
/// session shorter than an hour it is a third of the session, so that <c>--duration 900</c> works
/// without more options. Given, it must be shorter than the session the last hop asks for, or the
/// server would renew without pause, and at least 10 seconds, or it would hand out credentials in
/// their last seconds.
/// </summary>
public static class RefreshWindow
{
    /// <summary><c>--min-remaining</c> of <c>serve</c> when none is given, for a session of an hour or more.</summary>
    public static readonly TimeSpan DefaultMinRemaining = TimeSpan.FromMinutes(20);

    /// <summary>The shortest <c>--min-remaining</c> serve accepts.</summary>
    public static readonly TimeSpan ShortestMinRemaining = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The margin serve renews at: <paramref name="given"/> (<c>--min-remaining</c>) when there is
    /// one, checked against the plan (exit 2); otherwise 20 minutes, or a third of a shorter session.
    /// </summary>
    public static TimeSpan For(ChainPlan plan, TimeSpan? given)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (given is not { } margin)
        {
            var third = TimeSpan.FromSeconds(FinalSessionSeconds(plan) / 3);
            return third < DefaultMinRemaining ? third : DefaultMinRemaining;
        }

        if (margin < ShortestMinRemaining)
        {
            throw AssumeRoleException.BadInput(
                $"--min-remaining {Durations.Describe((int)margin.TotalSeconds)} is too short for serve: it renews the credentials when fewer than --min-remaining remain, and would hand them out in their last seconds",
                "give 10s or more (serve's default is 20m, or a third of a shorter session)");
        }

        RequireShorterThanSession(plan, margin);
        return margin;
    }

    /// <summary>
    /// The session length the final credentials will have: the last hop's duration, capped at 1 h
    /// when the last hop is made with role credentials (every hop but a first one).
    /// </summary>
    public static int FinalSessionSeconds(ChainPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var last = plan.Hops[^1].Parameters.RequestedSeconds;
        return plan.Hops.Count > 1 ? Math.Min(last, Durations.ChainedMaxSeconds) : last;
    }

    /// <summary>Before any call: the margin must be shorter than the session; exit 2 otherwise.</summary>
    private static void RequireShorterThanSession(ChainPlan plan, TimeSpan minRemaining)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var session = FinalSessionSeconds(plan);
        if (minRemaining.TotalSeconds >= session)
        {
            var capped = plan.Hops.Count > 1 && plan.Hops[^1].Parameters.RequestedSeconds > Durations.ChainedMaxSeconds
                ? " (STS caps a chained hop at 1h)"
                : string.Empty;
            throw AssumeRoleException.BadInput(
                $"--min-remaining {Durations.Describe((int)minRemaining.TotalSeconds)} is not shorter than the session of the last hop, {Durations.Describe(session)}{capped}: serve renews the credentials when fewer than --min-remaining remain",
                "give a shorter --min-remaining (or leave it out: serve's default is 20m, or a third of a shorter session), or a longer --duration");
        }
    }

    /// <summary>
    /// After the first run: the credentials STS issued must outlast the margin. They may not when
    /// STS capped a first hop made with temporary source credentials at 1 h; exit 2 then.
    /// </summary>
    public static void RequireLongerLifetime(ChainResult first, DateTimeOffset now, TimeSpan minRemaining)
    {
        ArgumentNullException.ThrowIfNull(first);
        var left = (first.Credentials.Expiration ?? DateTimeOffset.MaxValue) - now;
        if (left <= minRemaining)
        {
            throw AssumeRoleException.BadInput(
                $"--min-remaining {Durations.Describe((int)minRemaining.TotalSeconds)} is not shorter than the {Durations.Describe(Math.Max(0, (int)left.TotalSeconds))} the credentials are valid for (STS caps sessions assumed with temporary credentials at 1h): serve would renew them without pause",
                "give a shorter --min-remaining");
        }
    }
}
