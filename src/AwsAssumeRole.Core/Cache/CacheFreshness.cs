using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// When cached credentials may still be handed out: only while more than a margin remains before
/// they expire (15 minutes by default, as the AWS SDKs themselves refresh 15 minutes early), so a
/// program that receives them never holds credentials about to lapse.
/// </summary>
public static class CacheFreshness
{
    /// <summary>The default margin, <c>--min-remaining 15m</c>.</summary>
    public static readonly TimeSpan DefaultMinRemaining = TimeSpan.FromMinutes(15);

    /// <summary>The largest margin <c>--min-remaining</c> accepts: the longest session STS issues.</summary>
    public static readonly TimeSpan MaxMinRemaining = TimeSpan.FromHours(12);

    /// <summary>
    /// Parses <c>--min-remaining</c>: seconds (<c>600</c>) or units (<c>10m</c>, <c>1h</c>), from 0 to 12 h.
    /// Throws a bad-input error otherwise.
    /// </summary>
    public static TimeSpan ParseMinRemaining(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var seconds = Durations.TryParseSeconds(text);
        if (seconds is null || seconds > MaxMinRemaining.TotalSeconds)
        {
            throw AssumeRoleException.BadInput(
                $"invalid --min-remaining '{RoleNames.Printable(text)}': give seconds (900) or a duration such as 10m, 1h, between 0 and 12h");
        }

        return TimeSpan.FromSeconds(seconds.Value);
    }

    /// <summary>True when more than <paramref name="minRemaining"/> is left before <paramref name="expiration"/>.</summary>
    public static bool IsFresh(DateTimeOffset? expiration, DateTimeOffset now, TimeSpan minRemaining) =>
        expiration is { } expires && expires - now > minRemaining;
}
